import { nanoid } from 'nanoid';

export const handler = async () => ({ statusCode: 200, id: nanoid() });
