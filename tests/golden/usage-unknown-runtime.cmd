fixture: link/link-correct
args: check function.zip --runtime nodejs14.x
exit: 2
