import { value } from 'bare-main';

export const handler = async () => ({ statusCode: 200, value });
