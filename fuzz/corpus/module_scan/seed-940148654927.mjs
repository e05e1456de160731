import { secret } from 'walled/internal/secret.js';

export const handler = async () => ({ statusCode: 200, secret });
