# --link-target naming a folder no layer fills: the link would dangle; refused (exit 2).
fixture: link/link-missing
args: fix function.zip --layer layer1.zip --runtime nodejs22.x --resolution stock --link-target /opt/nodejs/node22/node_modules --dry-run
exit: 2
