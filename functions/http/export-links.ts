import { httpHandler } from '../../shared/http/handler.ts';
import { downloadSubjectExport } from '../../shared/services/exports/subject-export.ts';

/** DSR-5: the data subject's signed link to their export; no credentials, the token is the key. */
export const handler = httpHandler('export-links', {
  async downloadSubjectExport({ params, now, uow }) {
    const link = await downloadSubjectExport(uow, params.token, now);
    return { body: link, location: link.url };
  },
});
