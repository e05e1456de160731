
import def, { a as b, 'str' as c } from './a.mjs';
import * as ns from 'pkg';
import 'side-effect';
import json from './data.json' with { type: 'json' };
export * from './star.mjs';
export * as ns2 from './star2.mjs';
export { x as y, z } from './re.mjs';
export { z as default } from './re.mjs';
export default async function handler(event, context) { return import('./lazy.mjs'); }
export const h2 = async (e) => e, h3 = function (a, b = 1, ...c) {};
export class K {}
const m = await import(`./tpl.mjs`);
import.meta.resolve('./r.mjs');
import { createRequire } from 'node:module';
const req = createRequire(import.meta.url);
req('cjs-dep');
function f() { return import(name); }
using res = open();
