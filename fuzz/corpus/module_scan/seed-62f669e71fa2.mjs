import config from './config.mjs';

export const handler = async () => ({ statusCode: 200, config });
