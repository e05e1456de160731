files: notzip.zip=hello
args: check notzip.zip
exit: 2
