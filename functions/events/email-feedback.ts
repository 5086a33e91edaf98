import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { SNSEvent } from 'aws-lambda';
import { recordSuppressions, suppressionsIn } from '../../shared/notices/suppression.ts';
import type { SesNotification } from '../../shared/notices/suppression.ts';
import { logger } from '../../shared/powertools/logger.ts';

/**
 * obligation: SEC-5, SEC-6 — receives the SES configuration set's bounces and complaints (through
 * its SNS topic) and records the addresses they suppress (shared/notices/suppression.ts). Writing
 * a report again changes nothing, so SNS's redeliveries and Lambda's retries are safe; a failure
 * throws, Lambda retries, and the event then waits in the dead-letter queue. Logs hold counts and
 * reasons, never an address.
 */
export const handler = middy<SNSEvent, { suppressed: number }>()
  .use(injectLambdaContext(logger))
  .handler(async (event) => {
    let suppressed = 0;
    for (const record of event.Records) {
      const notification = JSON.parse(record.Sns.Message) as SesNotification;
      const suppressions = suppressionsIn(notification);
      await recordSuppressions(suppressions);
      suppressed += suppressions.length;
      logger.info('SES feedback', {
        type: notification.eventType ?? notification.notificationType,
        bounceType: notification.bounce?.bounceType,
        suppressed: suppressions.length,
        reasons: [...new Set(suppressions.map((s) => s.reason))],
      });
    }
    return { suppressed };
  });
