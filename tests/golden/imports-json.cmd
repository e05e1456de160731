copy: forms.mjs
args: imports forms.mjs --format json
exit: 0
