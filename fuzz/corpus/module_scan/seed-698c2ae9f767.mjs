import { join } from 'node:path';

const dataDir = join(__dirname, 'data');

export const handler = async () => ({ statusCode: 200, body: dataDir });
