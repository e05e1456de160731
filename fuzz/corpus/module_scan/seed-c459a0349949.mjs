const name = ['node', 'path'].join(':');

export const handler = async () => {
  const path = await import(name);
  return { statusCode: 200, sep: path.sep };
};
