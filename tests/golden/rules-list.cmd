args: rules
exit: 0
