# A finding whose rule has a fix but for which none can be built here (no layer
# fills /opt/nodejs/node_modules or /opt/nodejs/node22/node_modules) is not fixable.
fixture: fix/link-unfixable
args: check function.zip --layer layer1.zip --runtime nodejs22.x --format json --resolution stock
exit: 1
