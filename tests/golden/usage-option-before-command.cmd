# An option before the sub-command is not taken for one of its options.
fixture: link/link-correct
args: --fromat json check function.zip --resolution stock
exit: 2
