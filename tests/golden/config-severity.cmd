# A severity override: the missing link reported as a warning, exit 0.
fixture: link/link-missing
files: lambda-esm-lint.json={"rules":{"node-modules-link-missing":"warning"}}
args: check function.zip --layer layer1.zip --runtime nodejs22.x --resolution stock
exit: 0
