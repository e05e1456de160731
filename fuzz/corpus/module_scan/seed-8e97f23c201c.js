import config from '#config';

export const handler = async () => ({ statusCode: 200, config });
