const s = 'abc
/* lambda-esm-lint-disable x