# imports on a CommonJS zip lists its require() calls.
fixture: link/commonjs-require-no-link
args: imports function.zip
exit: 0
