#!/usr/bin/env bash
# Builds everything (warnings are errors) and runs the whole test suite:
# unit, fixture, golden, hostile-corpus, fuzz-corpus replay and lambda-sim
# oracle tests; then all but the oracle again under ASan and UBSan. The
# README's test command.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
# -O2 without debug information: the suite needs no debugger, and -g costs a
# quarter of the compile time (imports_command.cc: 16.0 s against 12.0 s).
cmake -S . -B build -G Ninja -DLEL_WERROR=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O2 -DNDEBUG" -DCMAKE_C_FLAGS_RELWITHDEBINFO="-O2 -DNDEBUG"
cmake --build build
ctest --test-dir build --output-on-failure -j "$(nproc)"

# The same suite once more under AddressSanitizer and UndefinedBehaviorSanitizer
# (every test but the lambda-sim oracle, which tests the fixtures, not the code).
cmake -S . -B build-asan -G Ninja -DLEL_WERROR=ON -DLEL_SANITIZE=ON
cmake --build build-asan
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
  ctest --test-dir build-asan --output-on-failure -j "$(nproc)" -LE oracle
