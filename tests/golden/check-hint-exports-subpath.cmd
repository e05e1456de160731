# An exports subpath written with the file extension: did-you-mean the exported subpath.
fixture: corpus/subpath-exported-without-extension
args: check function.zip --runtime nodejs22.x --resolution stock
exit: 1
