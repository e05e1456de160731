#!/usr/bin/env bash
# Installs dependencies, builds lambda-esm-lint and checks the example
# package in examples/broken (a function zip made without --symlinks, and a
# layer). The README's first command. Exit status is the linter's.
# --resolution stock: the example's mistake fails where ES modules resolve
# as stock Node.js does (container images, custom runtimes, emulators); the
# managed runtime finds the layer's package through NODE_PATH.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
cmake -S . -B build -G Ninja >/dev/null
cmake --build build --target lambda-esm-lint
cd examples/broken
exec ../../build/src/cli/lambda-esm-lint check function.zip --layer layer.zip --runtime nodejs22.x --resolution stock
