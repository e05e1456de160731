# SARIF 2.1.0: the entry as a nested artifact of the zip, with its region.
fixture: corpus/relative-missing-extension
args: check function.zip --runtime nodejs22.x --format sarif
exit: 1
