import Bourne from '@Hapi/bourne';

export const handler = async () => ({ statusCode: 200, v: Bourne.parse('1') });
