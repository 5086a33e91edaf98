import { httpHandler } from '../../shared/http/handler.ts';
import { TENANT_EXPORTS_ROUTES } from '../../shared/http/routes/tenant-exports.ts';
import { refuseWhileDormant } from '../../shared/services/billing/dormancy-gate.ts';
import { downloadExport, readExport, requestExport, viewOfExport } from '../../shared/services/exports/tenant-exports.ts';
import { exportStore } from '../../shared/store/exports.ts';
import { TenantScope } from '../../shared/store/tenant-scope.ts';

/** EXP-1, EXP-2: full tenant exports, produced by the `exports` job, downloaded through a five-minute link. */
export const handler = httpHandler(TENANT_EXPORTS_ROUTES, {
  async requestExport({ auth, now, uow }) {
    return { body: viewOfExport(requestExport(uow, TenantScope.ofTenant(auth), auth, now)) };
  },
  async listExports({ auth, query }) {
    const { items, nextCursor } = await exportStore(TenantScope.ofTenant(auth)).page(query.limit, query.cursor);
    return { body: { items: items.map(viewOfExport), ...(nextCursor === undefined ? {} : { nextCursor }) } };
  },
  async getExport({ auth, params }) {
    return { body: viewOfExport(await readExport(TenantScope.ofTenant(auth), params.exportId)) };
  },
  async downloadExport({ auth, params, now, uow }) {
    const link = await downloadExport(uow, TenantScope.ofTenant(auth), params.exportId, auth, now);
    return { body: link, location: link.url };
  },
}, { tenantGate: refuseWhileDormant });
