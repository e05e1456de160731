#!/usr/bin/env node
import def from 'default-only';
import { a, b as c } from './named.mjs';
import * as ns from 'node:fs';
import 'side-effect';
import config from './config.json' with { type: 'json' };
export * from './all.mjs';
export * as helpers from './helpers.mjs';
export { x } from "./x.mjs";
const { createRequire } = await import('node:module');
const lazy = import(`./template.mjs`);
const where = import.meta.resolve('./resolved.mjs');

export const handler = async (event) => {
  const mod = await import('./later.mjs');
  const dyn = await import(event.name);
  return [def, a, c, ns, config, mod, dyn, lazy, where, createRequire];
};
