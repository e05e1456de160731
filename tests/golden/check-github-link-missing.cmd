# GitHub annotations: an archive-level finding, notes joined with an escaped newline.
fixture: link/link-missing
args: check function.zip --layer layer1.zip --runtime nodejs22.x --format github --resolution stock
exit: 1
