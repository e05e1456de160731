# An unknown rule in lambda-esm-lint.json is an error (exit 2), with a suggestion.
fixture: link/link-missing
files: lambda-esm-lint.json={"rules":{"node-modules-link-mising":"off"}}
args: check function.zip --layer layer1.zip
exit: 2
