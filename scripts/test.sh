#!/usr/bin/env bash
# Builds everything (warnings are errors) and runs the whole test suite:
# unit, fixture, golden and lambda-sim oracle tests. The README's test command.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
cmake -S . -B build -G Ninja -DLEL_WERROR=ON
cmake --build build
ctest --test-dir build --output-on-failure -j "$(nproc)"
