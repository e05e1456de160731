import isString from 'lodash-es/isString.js';
import { chunk } from 'lodash-es';

export const handler = async () => ({ statusCode: 200, ok: isString('x'), c: chunk([1, 2], 1) });
