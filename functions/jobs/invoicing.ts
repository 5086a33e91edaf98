import { jobHandler } from '../../shared/jobs/handler.ts';
import { runInvoicing } from '../../shared/services/billing/invoicing.ts';

export const handler = jobHandler('invoicing', runInvoicing);
