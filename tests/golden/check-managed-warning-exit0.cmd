# Under managed resolution the missing link is a portability warning: exit 0.
fixture: link/link-missing
args: check function.zip --layer layer1.zip --runtime nodejs22.x --resolution managed
exit: 0
