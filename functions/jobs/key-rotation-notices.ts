import { jobHandler } from '../../shared/jobs/handler.ts';
import { sendKeyRotationNotices } from '../../shared/services/key-rotation-notices.ts';

export const handler = jobHandler('key-rotation-notices', sendKeyRotationNotices);
