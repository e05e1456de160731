import { twice } from 'my-fn/lib/util.js';

export const handler = async () => ({ statusCode: 200, v: twice(2) });
