import config from './config.json';

export const handler = async () => ({ statusCode: 200, name: config.name });
