# JUnit: one test case per rule that ran; the rule with an error fails.
fixture: link/link-missing
args: check function.zip --layer layer1.zip --runtime nodejs22.x --format junit --resolution stock
exit: 1
