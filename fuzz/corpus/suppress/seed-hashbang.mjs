#!/usr/bin/env node // lambda-esm-lint-disable x
// lambda-esm-lint-disable y
