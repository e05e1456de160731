// lambda-esm-lint-disable-next-line import-missing-extension -- left from before the rename
export const twice = (n) => n * 2;
