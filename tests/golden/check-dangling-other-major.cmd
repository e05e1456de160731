# The layer fills only nodejs/node20/node_modules: on nodejs22.x the dangling link says so, not "(no layer provides packages)".
fixture: link/link-dangling-other-major
args: check function.zip --layer layer1.zip --runtime nodejs22.x --resolution stock
exit: 1
