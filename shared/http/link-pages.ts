import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import type { Language } from '../model/tenant.ts';
import { PROBLEM_CONTENT_TYPE } from './problem.ts';
import { lowerCaseHeaders } from './request.ts';

type Handler = (event: APIGatewayProxyEvent, context: Context) => Promise<unknown>;

/**
 * A person who opens a link from an e-mail in a browser gets a page, not a problem document: a
 * refusal becomes a page with the same status for a request that prefers HTML (`Accept:
 * text/html`); API clients keep the problem+json. The page's language follows the browser (the
 * tenant is not known when the link is not valid). `page` words the problem's type.
 */
export function withFailurePages(api: Handler, page: (language: Language, problemType: string) => string) {
  return async (event: APIGatewayProxyEvent, context: Context): Promise<APIGatewayProxyResult> => {
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
      body: page(language, type),
    };
  };
}

function prefersHtml(accept: string | undefined): boolean {
  return accept !== undefined && /\btext\/html\b/i.test(accept);
}
