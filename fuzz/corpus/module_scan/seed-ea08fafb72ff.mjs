import { twice } from './lib';

export const handler = async () => ({ statusCode: 200, v: twice(2) });
