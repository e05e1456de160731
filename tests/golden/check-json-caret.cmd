fixture: corpus/relative-missing-extension
args: check function.zip --runtime nodejs22.x --format json
exit: 1
