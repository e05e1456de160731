import { join } from 'node:path';
import { greet } from './lib/greet.mjs';

export const handler = async () => ({ statusCode: 200, body: greet(join('a', 'b')) });
