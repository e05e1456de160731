# A suppression comment silences an import() finding; a stale one is reported (info).
fixture: corpus/suppression-comments
args: check function.zip --runtime nodejs22.x
exit: 0
