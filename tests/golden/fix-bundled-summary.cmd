# Removing a bundled node_modules is one line per folder: entries and size (--verbose lists them).
fixture: fix/node-modules-bundled
args: fix function.zip --layer layer1.zip --runtime nodejs22.x --resolution stock --unsafe-fixes --dry-run
exit: 0
