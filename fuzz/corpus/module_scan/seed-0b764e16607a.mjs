export const handler = async () => {
  const feature = await import('missing-feature');
  return { statusCode: 200, t: typeof feature };
};
