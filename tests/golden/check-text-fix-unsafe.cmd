# A fix that needs --unsafe-fixes is marked [unsafe fix], with its own hint line.
fixture: fix/node-modules-bundled
args: check function.zip --layer layer1.zip --runtime nodejs22.x --resolution stock
exit: 0
