import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import type { ReadAuditMessage } from '../../shared/clients/audit-queue.ts';
import { logger } from '../../shared/powertools/logger.ts';
import { writeReadAudits } from '../../shared/services/audit-writer.ts';

/** Consumes the read-audit queue; a failed message is retried alone, then dead-lettered. */
export const handler = middy<SQSEvent, SQSBatchResponse>()
  .use(injectLambdaContext(logger))
  .handler(async (event) => {
    const batchItemFailures: SQSBatchResponse['batchItemFailures'] = [];
    for (const record of event.Records) {
      try {
        await writeReadAudits(JSON.parse(record.body) as ReadAuditMessage);
      } catch (error) {
        logger.error('read audit not written', { messageId: record.messageId, errorName: (error as Error).name });
        batchItemFailures.push({ itemIdentifier: record.messageId });
      }
    }
    return { batchItemFailures };
  });
