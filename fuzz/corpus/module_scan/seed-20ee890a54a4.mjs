import { v4 as uuidv4, validate } from 'uuid';

export const handler = async () => ({ statusCode: 200, ok: validate(uuidv4()) });
