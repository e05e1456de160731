import { v4 } from 'uuid';
import { twice } from '../lib/util.mjs';

export const handler = async () => ({ statusCode: 200, v: twice(2), id: v4() });
