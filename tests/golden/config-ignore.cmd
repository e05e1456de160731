# A per-path ignore drops the findings of that entry.
fixture: corpus/relative-missing-extension
files: lambda-esm-lint.json={"ignore":[{"path":"*.mjs","rules":["import-missing-extension"]}]}
args: check function.zip
exit: 0
