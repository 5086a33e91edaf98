import { httpHandler } from '../../shared/http/handler.ts';
import { EXPORT_LINKS_ROUTES } from '../../shared/http/routes/export-links.ts';
import { downloadSubjectExport } from '../../shared/services/exports/subject-export.ts';

/** DSR-5: the data subject's signed link to their export; no credentials, the token is the key. */
export const handler = httpHandler(EXPORT_LINKS_ROUTES, {
  async downloadSubjectExport({ params, now, uow }) {
    const link = await downloadSubjectExport(uow, params.token, now);
    return { body: link, location: link.url };
  },
});
