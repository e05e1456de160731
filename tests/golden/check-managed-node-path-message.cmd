# An error met in a NODE_PATH folder names the real importer, not the emulation-only /opt/nodejs/.lambda-node-path.mjs.
fixture: corpus/no-exports-subpath-without-js
args: check function.zip --layer layer1.zip --runtime nodejs22.x --resolution managed
exit: 1
