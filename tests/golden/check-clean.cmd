fixture: link/link-correct
args: check function.zip --layer layer1.zip
exit: 0
