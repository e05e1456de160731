import { parse } from 'ms';

export const handler = async () => ({ statusCode: 200, v: parse('1s') });
