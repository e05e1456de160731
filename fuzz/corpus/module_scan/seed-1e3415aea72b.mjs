import leftPad from 'left-pad';

export const handler = async () => ({ statusCode: 200, body: leftPad('1', 3) });
