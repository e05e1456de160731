import AWS from 'aws-sdk';

export const handler = async () => ({ statusCode: 200, t: typeof AWS });
