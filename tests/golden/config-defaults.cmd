# Defaults from the project file; a flag still wins (--runtime).
fixture: link/link-missing
files: lambda-esm-lint.json={"runtime":"nodejs18.x","resolution":"managed","handler":"index.handler"}
args: check function.zip --layer layer1.zip --runtime nodejs20.x
exit: 0
