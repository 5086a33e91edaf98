import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { confirmPromptPage, confirmedPage, linkFailurePage, withdrawPromptPage, withdrawnPage } from '../../shared/documents/consent-pages.ts';
import type { LinkFailure } from '../../shared/documents/consent-pages.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { CONSENT_LINKS_ROUTES } from '../../shared/http/routes/consent-links.ts';
import { PROBLEM_CONTENT_TYPE } from '../../shared/http/problem.ts';
import { lowerCaseHeaders } from '../../shared/http/request.ts';
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
});

const FAILURES: Record<string, LinkFailure> = {
  '/problems/link-used': 'used',
  '/problems/link-expired': 'expired',
};

/**
 * A person who opens a link in a browser gets a page, not a problem document: a refusal becomes
 * a page with the same status for a request that prefers HTML (`Accept: text/html`); API clients
 * keep the problem+json. The pages' language follows the browser (the tenant is not known when
 * the link is not valid).
 */
export async function handler(event: APIGatewayProxyEvent, context: Context): Promise<APIGatewayProxyResult> {
  const response = (await api(event, context)) as APIGatewayProxyResult;
  const headers = lowerCaseHeaders(event);
  const contentType = String(response.headers?.['Content-Type'] ?? '');
  if (response.statusCode < 400 || !contentType.startsWith(PROBLEM_CONTENT_TYPE) || !prefersHtml(headers.accept)) return response;
  const { type } = JSON.parse(response.body) as { type: string };
  const language = /^\s*sl\b/i.test(headers['accept-language'] ?? '') ? 'sl' : 'en';
  return {
    statusCode: response.statusCode,
    headers: {
      'Content-Type': 'text/html; charset=utf-8',
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
      'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
      Vary: 'Accept, Accept-Language',
    },
    body: linkFailurePage(language, FAILURES[type] ?? 'invalid'),
  };
}

function prefersHtml(accept: string | undefined): boolean {
  return accept !== undefined && /\btext\/html\b/i.test(accept);
}
