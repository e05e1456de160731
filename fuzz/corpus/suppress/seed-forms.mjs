
// lambda-esm-lint-disable-next-line import-unresolved -- loaded lazily
import x from 'x';
/* lambda-esm-lint-disable import-unanalyzable, import-directory -- why */
/**
 * lambda-esm-lint-disable-next-line import-unresolved,import-directory
 */
const s = '// lambda-esm-lint-disable x';
const t = `${a /* lambda-esm-lint-disable y */}`;
const r = /\/\/ lambda-esm-lint-disable z/g;
const d = a / b; // lambda-esm-lint-disable-next-line
// lambda-esm-lint-disabled x
// lambda-esm-lint-disable --
/* lambda-esm-lint-disable a
 b */
