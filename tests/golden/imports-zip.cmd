fixture: corpus/relative-missing-extension
args: imports function.zip
exit: 0
