import { jobHandler } from '../../shared/jobs/handler.ts';
import { runMaintenanceNotices } from '../../shared/services/maintenance/notices.ts';

export const handler = jobHandler('maintenance-notices', runMaintenanceNotices);
