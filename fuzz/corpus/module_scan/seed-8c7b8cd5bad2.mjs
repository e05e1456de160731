import { describe } from 'node:test';

export const handler = async () => ({ statusCode: 200, t: typeof describe });
