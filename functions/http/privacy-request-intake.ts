import { httpHandler } from '../../shared/http/handler.ts';
import { forwardIntake } from '../../shared/services/privacy-requests/intake.ts';

export const handler = httpHandler('privacy-request-intake', {
  async submitPrivacyRequestToVendor({ body, now, uow }) {
    const { receipt, afterCommit } = await forwardIntake(uow, body, now);
    return { body: receipt, afterCommit };
  },
});
