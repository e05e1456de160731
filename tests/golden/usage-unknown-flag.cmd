# An unknown flag: the error names the sub-command and the nearest flag.
fixture: link/link-correct
args: check function.zip --layer layer1.zip --resolution stock --fromat json
exit: 2
