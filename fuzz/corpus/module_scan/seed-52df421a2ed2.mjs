import v4 from 'uuid/dist/esm-node/v4.js';

export const handler = async () => ({ statusCode: 200, id: v4() });
