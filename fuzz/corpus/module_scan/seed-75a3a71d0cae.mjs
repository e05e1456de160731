import { nanoid } from 'nanoid';
import { nanoid as weakId } from 'nanoid/non-secure';

export const handler = async () => ({ statusCode: 200, ids: [nanoid(), weakId()] });
