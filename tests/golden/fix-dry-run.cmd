# The same package without the configuration: the missing link is planned.
fixture: link/link-missing
args: fix function.zip --layer layer1.zip --runtime nodejs22.x --dry-run
exit: 0
