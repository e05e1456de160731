fixture: link/link-missing
files: lambda-esm-lint.json={"rule":{"node-modules-link-missing":"off"}}
args: check function.zip --layer layer1.zip
exit: 2
