import { twice } from '#lib/util';

export const handler = async () => ({ statusCode: 200, v: twice(2) });
