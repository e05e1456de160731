# --config names a file that is not there: exit 2.
fixture: link/link-missing
args: check function.zip --layer layer1.zip --config nothere.json
exit: 2
