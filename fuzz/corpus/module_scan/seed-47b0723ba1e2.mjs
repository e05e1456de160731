import { a } from '../index.mjs';

export function b() {
  return a() + 'b';
}
