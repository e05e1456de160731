import { parse, serialize } from 'cookie';

export const handler = async () => ({ statusCode: 200, c: parse(serialize('a', 'b')) });
