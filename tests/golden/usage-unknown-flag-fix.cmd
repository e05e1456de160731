# The same for fix, and for a flag given with =VALUE.
fixture: link/link-missing
args: fix function.zip --layer layer1.zip --resolution stock --link-targt=/opt/nodejs/node_modules --dry-run
exit: 2
