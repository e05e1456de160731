import { randomUUID } from 'uncrypto';

export const handler = async () => ({ statusCode: 200, id: randomUUID() });
