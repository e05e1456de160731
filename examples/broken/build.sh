#!/usr/bin/env bash
# Builds function.zip and layer.zip from the trees beside this script.
# function/node_modules is a plain text file holding the link's target, as a
# symlink becomes when git on Windows checks it out: the mistake
# `lambda-esm-lint check` reports here (node-modules-not-a-link).
set -euo pipefail
cd "$(dirname "$0")"
rm -f function.zip layer.zip
(cd function && zip -q -X -r ../function.zip .)
(cd layer && zip -q -X -r ../layer.zip .)
