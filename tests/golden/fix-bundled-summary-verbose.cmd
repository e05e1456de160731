# With --verbose every removed entry is listed.
fixture: fix/node-modules-bundled
args: fix function.zip --layer layer1.zip --runtime nodejs22.x --resolution stock --unsafe-fixes --dry-run --verbose
exit: 0
