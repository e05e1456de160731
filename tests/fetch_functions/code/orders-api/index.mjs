import { v4 } from 'uuid';

export const handler = async () => ({ statusCode: 201, body: JSON.stringify({ id: v4() }) });
