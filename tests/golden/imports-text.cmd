copy: forms.mjs
args: imports forms.mjs
exit: 0
