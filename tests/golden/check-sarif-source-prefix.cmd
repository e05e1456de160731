# SARIF honours --source-prefix as the github format does: results on function-zip entries point at the source file.
fixture: corpus/relative-missing-extension
args: check function.zip --runtime nodejs22.x --resolution stock --format sarif --source-prefix src/
exit: 1
