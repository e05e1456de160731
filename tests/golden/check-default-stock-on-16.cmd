# nodejs16.x has no managed NODE_PATH search: its default is stock, and the
# missing link is a correctness error.
fixture: link/link-missing
args: check function.zip --layer layer1.zip --runtime nodejs16.x
exit: 1
