/** The contract lifecycle states (shared/domain/billing/lifecycle.ts gives their meaning). */
export const BILLING_STATES = ['active', 'dormant', 'ending', 'deleting', 'deleted'] as const;
export type BillingState = (typeof BILLING_STATES)[number];
