fixture: corpus/relative-missing-extension
args: check function.zip --runtime nodejs22.x
exit: 1
