fixture: link/link-correct
args: check function.zip --runtime nodejs16.x --resolution managed
exit: 2
