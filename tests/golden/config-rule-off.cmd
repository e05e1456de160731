# A rule turned off does not run: the package checks clean.
fixture: link/link-missing
files: lint.json={"rules":{"node-modules-link-missing":"off"}}
args: check function.zip --layer layer1.zip --runtime nodejs22.x --config lint.json --resolution stock
exit: 0
