import { value } from 'old-main';

export const handler = async () => ({ statusCode: 200, value });
