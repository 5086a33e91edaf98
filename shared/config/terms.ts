/**
 * The terms version a tenant must accept to register (TEN-1). Publishing a new version changes
 * this value; acceptances of older versions stay on record as they were.
 */
export const CURRENT_TERMS_VERSION = '2026-01';
