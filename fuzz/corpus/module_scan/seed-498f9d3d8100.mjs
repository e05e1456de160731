import isString from 'lodash-es/isString';

export const handler = async () => ({ statusCode: 200, ok: isString('x') });
