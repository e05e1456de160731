fixture: corpus/require-esm-package
args: check function.zip --runtime nodejs22.x --resolution stock
exit: 1
