import nope from 'db0/connectors/nope';

export const handler = async () => ({ statusCode: 200, t: typeof nope });
