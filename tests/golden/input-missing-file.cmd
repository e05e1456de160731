args: check nothere.zip
exit: 2
