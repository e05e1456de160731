# Every finding `fix` can repair is marked [*] (mode-only fixes too); the last line counts them.
fixture: fix/several-at-once
args: check function.zip --layer layer1.zip --runtime nodejs22.x --resolution stock
exit: 1
