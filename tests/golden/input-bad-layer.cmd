fixture: link/link-correct
files: layer2.zip=PK
args: check function.zip --layer layer1.zip --layer layer2.zip
exit: 2
