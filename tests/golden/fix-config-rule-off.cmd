# fix reads the same configuration as check: a rule turned off is not fixed.
fixture: link/link-missing
files: lint.json={"rules":{"node-modules-link-missing":"off"}}
args: fix function.zip --layer layer1.zip --runtime nodejs22.x --config lint.json --dry-run
exit: 0
