import { S3Client } from '@aws-sdk/client-s3';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';

const s3 = new S3Client();
const ddb = new DynamoDBClient();

export const handler = async () => ({ statusCode: 200, clients: [typeof s3, typeof ddb] });
