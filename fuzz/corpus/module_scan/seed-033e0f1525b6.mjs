import { value } from 'fallback-pkg';

export const handler = async () => ({ statusCode: 200, value });
