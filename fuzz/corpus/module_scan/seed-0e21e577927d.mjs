import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const addon = require('x');

export const handler = async () => ({ statusCode: 200, body: typeof addon });
