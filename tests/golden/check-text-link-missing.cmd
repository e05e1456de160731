fixture: link/link-missing
args: check function.zip --layer layer1.zip --runtime nodejs22.x --resolution stock
exit: 1
