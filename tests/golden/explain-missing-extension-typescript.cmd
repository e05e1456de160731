# The rule page gives the TypeScript settings that stop extensionless imports.
args: explain import-missing-extension
exit: 0
