# The zip holds the folder fn/, not its contents: the note names the file found and both ways out.
fixture: handler/handler-zipped-folder
args: check function.zip --runtime nodejs22.x --resolution stock
exit: 1
