import { atomFeed, jsonFeed } from '../../shared/documents/status-feeds.ts';
import { renderStatusPage, statusLanguage } from '../../shared/documents/status-page.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { STATUS_PAGE_ROUTES } from '../../shared/http/routes/status-page.ts';
import { statusItems } from '../../shared/services/maintenance/status.ts';

/** MNT-2, BRE-3: the public status page and its feeds, from one list of items. */
export const handler = httpHandler(STATUS_PAGE_ROUTES, {
  async getStatusPage({ query, headers, now }) {
    const items = await statusItems(now);
    return { body: renderStatusPage(items, statusLanguage(query.lang, headers['accept-language'])) };
  },
  async getStatusJsonFeed({ query, headers, now }) {
    return { body: jsonFeed(await statusItems(now), statusLanguage(query.lang, headers['accept-language'])) };
  },
  async getStatusAtomFeed({ query, headers, now }) {
    return { body: atomFeed(await statusItems(now), statusLanguage(query.lang, headers['accept-language'])) };
  },
});
