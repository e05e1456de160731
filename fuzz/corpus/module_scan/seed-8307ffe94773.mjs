import config from './config.json' with { type: 'json' };

export const handler = async () => ({ statusCode: 200, name: config.name });
