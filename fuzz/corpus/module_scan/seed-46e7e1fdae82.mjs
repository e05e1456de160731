import { greet } from './lib/util.mjs';

export const handler = async () => ({ statusCode: 200, body: greet('lambda') });
