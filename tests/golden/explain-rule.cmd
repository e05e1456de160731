args: explain node-modules-link-missing
exit: 0
