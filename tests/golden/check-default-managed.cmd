# Without --resolution, nodejs18.x+ are checked as the managed runtime runs
# them: the missing link is a portability warning there, exit 0.
fixture: link/link-missing
args: check function.zip --layer layer1.zip --runtime nodejs22.x
exit: 0
