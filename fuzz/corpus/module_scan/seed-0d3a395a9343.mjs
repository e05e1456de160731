import { hello } from 'broken-meta';

export const handler = async () => ({ statusCode: 200, body: hello });
