const feature = await import('missing-feature');

export const handler = async () => ({ statusCode: 200, t: typeof feature });
