import { confirmPromptPage, confirmedPage, linkFailurePage, withdrawPromptPage, withdrawnPage } from '../../shared/documents/consent-pages.ts';
import type { LinkFailure } from '../../shared/documents/consent-pages.ts';
import { linkTenant } from '../../shared/crypto/signed-token.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { CONSENT_LINKS_ROUTES } from '../../shared/http/routes/consent-links.ts';
import { withFailurePages } from '../../shared/http/link-pages.ts';
import { confirmThroughLink, viewConfirmationLink, viewWithdrawalLink, withdrawThroughLink } from '../../shared/services/consents.ts';

/** CON-1, CON-3: the data subject's public consent pages; a GET shows, the button's POST acts. */
const api = httpHandler(CONSENT_LINKS_ROUTES, {
  async getConsentConfirmation({ params, now }) {
    const { language, ...facts } = await viewConfirmationLink(params.token, now);
    return { body: confirmPromptPage(language, facts) };
  },
  async confirmConsent({ params, now, uow }) {
    const { facts, explainConflict } = await confirmThroughLink(uow, params.token, now);
    const { language, ...shown } = facts;
    return { body: confirmedPage(language, shown), explainConflict };
  },
  async getConsentWithdrawal({ params }) {
    const { language, ...facts } = await viewWithdrawalLink(params.token);
    return { body: withdrawPromptPage(language, facts) };
  },
  async withdrawConsentByLink({ params, now, uow }) {
    const { language, ...facts } = await withdrawThroughLink(uow, params.token, now);
    return { body: withdrawnPage(language, facts) };
  },
}, { namedTenant: ({ params }) => linkTenant((params as { token?: unknown } | undefined)?.token) });

const FAILURES: Record<string, LinkFailure> = {
  '/problems/link-used': 'used',
  '/problems/link-expired': 'expired',
};

export const handler = withFailurePages(api, (language, type) => linkFailurePage(language, FAILURES[type] ?? 'invalid'));
