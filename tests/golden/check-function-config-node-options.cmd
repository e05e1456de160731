# NODE_OPTIONS from the function configuration, as `aws lambda get-function` prints it.
fixture: corpus/require-esm-package
files: fn.json={"Configuration":{"Runtime":"nodejs20.x","Handler":"index.handler","Environment":{"Variables":{"NODE_OPTIONS":"--experimental-require-module"}}}}
args: check function.zip --function-config fn.json --resolution stock
exit: 0
