fixture: corpus/require-esm-namespace-called
args: check function.zip --runtime nodejs24.x --resolution stock
exit: 1
