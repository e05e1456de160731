import { S3Client, GetObjectCommand } from '@aws-sdk/client-s3';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { SQSClient, SendMessageCommand } from '@aws-sdk/client-sqs';
import { SNSClient, PublishCommand } from '@aws-sdk/client-sns';
import { Logger } from '@aws-lambda-powertools/logger';
import { Tracer } from '@aws-lambda-powertools/tracer';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';

const logger = new Logger({ serviceName: 'orders' });
const tracer = new Tracer({ serviceName: 'orders' });
const metrics = new Metrics({ namespace: 'shop', serviceName: 'orders' });
const s3 = new S3Client({});
const ddb = DynamoDBDocumentClient.from(new DynamoDBClient({}));
const sqs = new SQSClient({});
const sns = new SNSClient({});

export const handler = async () => {
  logger.info('hello');
  metrics.addMetric('calls', MetricUnit.Count, 1);
  return [typeof GetObjectCommand, typeof PutCommand, typeof SendMessageCommand, typeof PublishCommand,
          typeof s3, typeof ddb, typeof sqs, typeof sns, typeof tracer].join(',');
};
