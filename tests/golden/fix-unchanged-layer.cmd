# The only error is in a layer zip, which fix never edits: nothing is written, and the reason gives the commands that rebuild and publish the layer.
fixture: corpus/layer-dependency-missing
outfile: out.zip
args: fix function.zip --layer layer1.zip --runtime nodejs20.x --resolution stock -o out.zip
exit: 1
