import pLimit from 'p-limit';

export const handler = async () => ({ statusCode: 200, t: typeof pLimit(1) });
