import { version } from 'shared-utils';

export const handler = async () => ({ statusCode: 200, version });
