# An unknown sub-command is named, with the nearest one and the list.
args: chek function.zip --resolution stock
exit: 2
