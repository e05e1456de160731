# SARIF for a finding about the archive as a whole (no entry, no region).
fixture: link/link-missing
args: check function.zip --layer layer1.zip --runtime nodejs22.x --format sarif --resolution stock
exit: 1
