import { twice } from './lib/Util.mjs';

export const handler = async () => ({ statusCode: 200, v: twice(2) });
