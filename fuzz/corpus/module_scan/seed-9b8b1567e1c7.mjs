import { x } from './lib.mjs';

export const handler = async () => ({ statusCode: 200, body: x });
