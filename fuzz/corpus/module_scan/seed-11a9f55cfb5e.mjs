import Bourne from '@hapi/bourne';
import { parse } from '@hapi/bourne';

export const handler = async () => ({ statusCode: 200, a: Bourne.parse('1'), b: parse('2') });
