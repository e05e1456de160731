import { api } from './lib/api.mjs';

export const handler = async () => ({ statusCode: 200, t: typeof api });
