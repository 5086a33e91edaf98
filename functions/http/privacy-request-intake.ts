import { httpHandler } from '../../shared/http/handler.ts';
import { PRIVACY_REQUEST_INTAKE_ROUTES } from '../../shared/http/routes/privacy-request-intake.ts';
import { forwardIntake } from '../../shared/services/privacy-requests/intake.ts';

export const handler = httpHandler(PRIVACY_REQUEST_INTAKE_ROUTES, {
  async submitPrivacyRequestToVendor({ body, now, uow }) {
    const { receipt, afterCommit } = await forwardIntake(uow, body, now);
    return { body: receipt, afterCommit };
  },
});
