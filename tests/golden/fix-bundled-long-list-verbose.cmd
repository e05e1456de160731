# With --verbose every package is named.
fixture: fix/bundled-many-not-in-layer
args: fix function.zip --layer layer1.zip --runtime nodejs22.x --resolution stock --unsafe-fixes --dry-run --verbose
exit: 0
