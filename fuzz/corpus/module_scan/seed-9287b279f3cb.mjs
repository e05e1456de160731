import { v4 } from 'UUID';

export const handler = async () => ({ statusCode: 200, id: v4() });
