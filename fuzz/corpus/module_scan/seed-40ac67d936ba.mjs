import meta from 'uuid/package.json' with { type: 'json' };

export const handler = async () => ({ statusCode: 200, v: meta.version });
