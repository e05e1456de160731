# GitHub annotations: file is the entry under --source-prefix, with line and column.
fixture: corpus/relative-missing-extension
args: check function.zip --runtime nodejs22.x --format github --source-prefix src/
exit: 1
