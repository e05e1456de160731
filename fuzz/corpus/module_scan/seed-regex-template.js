const r = /import('x')/g; const t = `${`import('y')`}`;
label: for (;;) { break label; } <!-- html comment
