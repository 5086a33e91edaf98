import { exportLinkFailurePage, exportLinkPage } from '../../shared/documents/export-link-page.ts';
import { linkTenant } from '../../shared/crypto/signed-token.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { withFailurePages } from '../../shared/http/link-pages.ts';
import { EXPORT_LINKS_ROUTES } from '../../shared/http/routes/export-links.ts';
import { downloadSubjectExport, viewSubjectExportLink } from '../../shared/services/exports/subject-export.ts';

/** DSR-5: the data subject's signed link to their export; no credentials, the token is the key. A GET shows, the button's POST gives. */
const api = httpHandler(EXPORT_LINKS_ROUTES, {
  async getSubjectExportPage({ params, now }) {
    const { language, ...facts } = await viewSubjectExportLink(params.token, now);
    return { body: exportLinkPage(language, facts) };
  },
  async downloadSubjectExport({ params, now, uow }) {
    const link = await downloadSubjectExport(uow, params.token, now);
    return { body: link, location: link.url };
  },
}, { namedTenant: ({ params }) => linkTenant((params as { token?: unknown } | undefined)?.token) });

export const handler = withFailurePages(api, exportLinkFailurePage);
