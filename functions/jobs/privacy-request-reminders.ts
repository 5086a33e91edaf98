import { jobHandler } from '../../shared/jobs/handler.ts';
import { runPrivacyRequestReminders } from '../../shared/services/privacy-requests/reminders.ts';

export const handler = jobHandler('privacy-request-reminders', runPrivacyRequestReminders);
