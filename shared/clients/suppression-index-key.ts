import { runtime } from '../config/runtime.ts';
import { secretKey } from './secret-key.ts';

/**
 * obligation: DAT-6 — the key of the e-mail suppression list's index (SUPPRESSION_INDEX_SECRET_ARN):
 * a secret of its own, read by the functions that send notices and by the bounce handler. Not the
 * blind-index secret: that one also peppers credentials (DAT-9) and is read by seven functions
 * only, where nineteen send notices.
 */
export const suppressionIndexKey = secretKey(() => runtime.suppressionIndexKey, () => runtime.suppressionIndexSecretArn, 'suppression-index secret');
