import { jobHandler } from '../../shared/jobs/handler.ts';
import { deleteTenants } from '../../shared/services/tenant-deletion.ts';

export const handler = jobHandler('tenant-deletion', deleteTenants);
