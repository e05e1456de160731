# An error whose rule has no fix: nothing to change, no zip written, and the reason says so.
fixture: corpus/relative-missing-extension
outfile: out.zip
args: fix function.zip --runtime nodejs22.x --resolution stock -o out.zip
exit: 1
