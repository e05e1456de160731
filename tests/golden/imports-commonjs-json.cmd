# The same as JSON: each file says its format.
fixture: link/commonjs-require-no-link
args: imports function.zip --format json
exit: 0
