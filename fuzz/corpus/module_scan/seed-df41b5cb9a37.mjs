export const handler = async () => {
  const { v4 } = await import('uuid');
  return { statusCode: 200, id: v4() };
};
