# --quiet prints errors only: the managed-resolution warning is not shown.
fixture: link/link-missing
args: check function.zip --layer layer1.zip --runtime nodejs22.x --resolution managed --quiet
exit: 0
