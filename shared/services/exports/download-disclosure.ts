import { recordDisclosure } from '../disclosures.ts';
import type { TenantScope } from '../../store/tenant-scope.ts';
import type { UnitOfWork } from '../../store/unit-of-work.ts';

/** A download of an export: the whole tenant's data to the tenant, or one subject's to that person. */
export type ExportDownload =
  | { kind: 'full'; exportId: string; actor: string }
  | { kind: 'subject'; exportId: string; subjectId: string; requestId: string };

/**
 * obligation: AUD-3 — every export download is a disclosure, logged with its legal basis in the
 * download's own transaction (no download without its entry), through the disclosure log's one
 * way in, which audits the entry too.
 */
export function recordExportDownload(uow: UnitOfWork, scope: TenantScope, download: ExportDownload, now: Date): void {
  const common = { kind: 'export-download' as const, reference: `export:${download.exportId}` };
  recordDisclosure(
    uow,
    scope,
    download.kind === 'full'
      ? {
          ...common,
          // The controller downloads its own data through its API key; every subject it held then is covered.
          recipient: 'tenant',
          subjectIds: [],
          dataCategories: ['all data held for the tenant (full export)'],
          legalBasis: 'The controller’s instruction under the processing agreement (Art. 28(3) GDPR); data portability of the service (EXP-1)',
          by: 'tenant',
          actor: download.actor,
        }
      : {
          ...common,
          recipient: 'data-subject',
          subjectIds: [download.subjectId],
          dataCategories: ['all personal data held about the data subject, with history and consents'],
          legalBasis: `Art. 15(3) and Art. 20 GDPR: the data subject’s access or portability request ${download.requestId}, fulfilled on the tenant’s decision`,
          by: 'vendor',
          basis: 'tenant-instruction',
          actor: 'data-subject-link',
        },
    now,
  );
}
