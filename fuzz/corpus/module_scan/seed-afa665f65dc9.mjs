import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const ms = require('ms');

export const handler = async () => ({ statusCode: 200, ms: ms('1h') });
