import { v4 } from '#id';

export const handler = async () => ({ statusCode: 200, id: v4() });
