import { b } from './lib/b.mjs';

export function a() {
  return 'a';
}

export const handler = async () => ({ statusCode: 200, body: b() });
