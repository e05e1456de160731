import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const __dirname = dirname(fileURLToPath(import.meta.url));

export const handler = async () => {
  const path = require('node:path');
  return { statusCode: 200, body: path.join(__dirname, 'data') };
};
