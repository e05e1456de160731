import fs from 'node:fs';
import { readFile } from 'fs/promises';
import path from 'node:path';

export const handler = async () => ({ statusCode: 200, t: typeof fs.statSync + typeof readFile + path.sep });
