# --link-target when the link is already right: refused with the reason (exit 2), not ignored.
fixture: link/link-correct
outfile: out.zip
args: fix function.zip --layer layer1.zip --runtime nodejs22.x --resolution stock --link-target /opt/nodejs/node_modules -o out.zip
exit: 2
