import ms from 'ms';

export const handler = async () => ({ statusCode: 200, ms: ms('2 days') });
