args: explain import-unresolve
exit: 2
