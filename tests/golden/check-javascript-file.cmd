# A JavaScript file given to check: `imports` is the command that reads one file.
copy: forms.mjs
args: check forms.mjs --resolution stock
exit: 2
