fixture: corpus/suppression-comments
args: check function.zip --runtime nodejs22.x --format json
exit: 0
