#!/usr/bin/env bash
# Installs dependencies, builds lambda-esm-lint and checks the example
# package in examples/broken (a function zip made without --symlinks, and a
# layer). The README's first command. Exit status is the linter's.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
cmake -S . -B build -G Ninja >/dev/null
cmake --build build --target lambda-esm-lint
cd examples/broken
exec ../../build/src/cli/lambda-esm-lint check function.zip --layer layer.zip --runtime nodejs22.x
