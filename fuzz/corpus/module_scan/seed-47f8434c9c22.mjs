export const handler = async () => {
  const path = require('node:path');
  return { statusCode: 200, body: path.sep };
};
