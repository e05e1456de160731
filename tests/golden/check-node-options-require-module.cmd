# AWS: NODE_OPTIONS=--experimental-require-module makes Lambda drop its
# --no-experimental-require-module, so require('chalk') loads on nodejs22.x.
fixture: corpus/require-esm-package
args: check function.zip --runtime nodejs22.x --resolution stock --node-options=--experimental-require-module
exit: 0
