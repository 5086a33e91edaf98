import { SESClient } from '@aws-sdk/client-ses';
import { runtime } from '../config/runtime.ts';
import { tracer } from '../powertools/tracer.ts';

const endpoint = runtime.sesEndpoint;

/** The one SES client; on the local platform it talks to the local SES and its inbox. */
export const ses = tracer.captureAWSv3Client(
  new SESClient(
    endpoint === undefined
      ? {}
      : { endpoint, region: process.env.AWS_REGION ?? 'eu-central-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } },
  ),
);
