import nope from 'node:nope';

export const handler = async () => ({ statusCode: 200, t: typeof nope });
