import { greet } from 'greeter';

export const handler = async () => ({ statusCode: 200, body: greet('x') });
