# --output writes the report to a file and prints nothing.
fixture: link/link-missing
args: check function.zip --layer layer1.zip --output report.txt --resolution stock
exit: 1
outfile: report.txt
