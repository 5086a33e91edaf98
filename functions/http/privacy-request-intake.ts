import type { APIGatewayProxyEvent, Context } from 'aws-lambda';
import type { LinkFailure } from '../../shared/documents/consent-pages.ts';
import { intakeForwardedPage, intakeLinkFailurePage, intakePromptPage } from '../../shared/documents/privacy-request-intake-pages.ts';
import { linkTenant } from '../../shared/crypto/signed-token.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { withFailurePages } from '../../shared/http/link-pages.ts';
import { INTAKE_CONFIRMATION_PATH, PRIVACY_REQUEST_INTAKE_ROUTES } from '../../shared/http/routes/privacy-request-intake.ts';
import { confirmIntakeLink, submitIntake, viewIntakeLink } from '../../shared/services/privacy-requests/intake.ts';
import type { IntakePage } from '../../shared/services/privacy-requests/intake.ts';

function pageOf({ language, forwarded, message, ...facts }: IntakePage): string {
  return forwarded ? intakeForwardedPage(language, { ...facts, ...forwarded }) : intakePromptPage(language, { ...facts, message: message ?? '' });
}

/** DSR-8: the vendor's public intake; its confirmation link's GET shows, the button's POST forwards. */
const api = httpHandler(PRIVACY_REQUEST_INTAKE_ROUTES, {
  async submitPrivacyRequestToVendor({ body, now }) {
    return { body: await submitIntake(body, now) };
  },
  async getPrivacyRequestConfirmation({ params, now }) {
    return { body: pageOf(await viewIntakeLink(params.token, now)) };
  },
  async confirmPrivacyRequest({ params, now, uow }) {
    const { page, afterCommit, explainConflict } = await confirmIntakeLink(uow, params.token, now);
    return { body: pageOf(page), afterCommit, ...(explainConflict ? { explainConflict } : {}) };
  },
}, {
  // obligation: TEN-3 — the form names the tenant; a confirmation link carries it as its first part.
  namedTenant: ({ params, body }) => linkTenant((params as { token?: unknown } | undefined)?.token) ?? (body as { tenantId?: string } | undefined)?.tenantId,
});

const FAILURES: Record<string, LinkFailure> = {
  '/problems/link-used': 'used',
  '/problems/link-expired': 'expired',
};

// A browser that opens the link gets a page when it cannot be used; the form's API keeps problem+json.
const pages = withFailurePages(api, (language, type) => intakeLinkFailurePage(language, FAILURES[type] ?? 'invalid'));

export const handler = (event: APIGatewayProxyEvent, context: Context) => (event.resource === INTAKE_CONFIRMATION_PATH ? pages : api)(event, context);
