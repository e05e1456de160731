import { twice } from 'my-fn/util';

export const handler = async () => ({ statusCode: 200, v: twice(2) });
