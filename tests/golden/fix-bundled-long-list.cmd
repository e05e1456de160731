# Ten packages the layer lacks: the reason names five and counts the rest.
fixture: fix/bundled-many-not-in-layer
args: fix function.zip --layer layer1.zip --runtime nodejs22.x --resolution stock --unsafe-fixes --dry-run
exit: 0
