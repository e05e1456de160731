fixture: link/link-missing
args: check function.zip --layer layer1.zip --runtime nodejs22.x --format json --resolution stock
exit: 1
