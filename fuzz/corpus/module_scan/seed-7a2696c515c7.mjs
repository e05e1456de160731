import greeter from 'greeter';

export const handler = async () => ({ statusCode: 200, body: greeter.greet('x') });
