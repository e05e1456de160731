# A broken configuration file: the error names the line and column.
fixture: link/link-missing
copy: broken-config.json
args: check function.zip --layer layer1.zip --resolution stock --config broken-config.json
exit: 2
