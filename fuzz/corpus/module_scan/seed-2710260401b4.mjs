import { which } from 'cond-pkg';

export const handler = async () => ({ statusCode: 200, which });
