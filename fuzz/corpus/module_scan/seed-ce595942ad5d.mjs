import { S3Client } from '@aws-sdk/client-s3';

export const handler = async () => ({ statusCode: 200, t: typeof S3Client });
