fixture: link/link-missing
files: lambda-esm-lint.json={"rules":{"node-modules-link-missing":"disable"}}
args: check function.zip --layer layer1.zip
exit: 2
