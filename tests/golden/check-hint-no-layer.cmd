# A package import fails and no --layer was given: the note says to pass the layer zip.
fixture: link/link-missing
args: check function.zip --runtime nodejs22.x --resolution stock
exit: 1
