# Two names a CommonJS package lacks: the note gives the default-import rewrite as Node does (every imported name), with no doubled semicolon.
fixture: corpus/cjs-named-absent-several
args: check function.zip --runtime nodejs22.x --resolution stock
exit: 1
