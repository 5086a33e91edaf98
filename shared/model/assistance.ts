import * as z from 'zod/mini';
import { id, text, timestamp } from './common.ts';

export const URGENCIES = ['normal', 'urgent'] as const;
export const ASSISTANCE_STATUSES = ['open', 'resolved'] as const;

/**
 * obligation: DSR-11 — a tenant asks the vendor for help with a privacy request it cannot answer
 * with the API. The description goes to the vendor's support by e-mail: it must describe the
 * problem, not the person (checked like an Art. 34 text).
 */
export const createAssistanceRequestBody = z.strictObject({
  /** The privacy request this is about, if any (by id: the vendor reads no personal values from it). */
  privacyRequestId: z.optional(id),
  description: text(20, 5000),
  urgency: z.enum(URGENCIES, { error: `must be one of: ${URGENCIES.join(', ')}` }),
});
export type CreateAssistanceRequestInput = z.infer<typeof createAssistanceRequestBody>;

const whole = (max: number) => z.int().check(z.gte(0), z.lte(max));

/** Exactly one of `netCents` (billed, EUR cents before VAT) and `notBilled` (with the reason). */
export const resolveAssistanceBody = z
  .strictObject({
    minutesSpent: whole(100_000).check(z.gte(1)),
    /** What was done, for the tenant's record. */
    summary: text(1, 2000),
    netCents: z.optional(whole(100_000_000)),
    notBilled: z.optional(z.strictObject({ reason: text(3, 500) })),
  })
  .check(z.refine((b) => (b.netCents === undefined) !== (b.notBilled === undefined), 'give exactly one of netCents (billed) or notBilled (with a reason)'));
export type ResolveAssistanceInput = z.infer<typeof resolveAssistanceBody>;

export const assistanceRequest = z.object({
  id,
  tenantId: id,
  privacyRequestId: z.optional(id),
  description: z.string(),
  urgency: z.enum(URGENCIES),
  status: z.enum(ASSISTANCE_STATUSES),
  createdAt: timestamp,
  createdBy: z.string(),
  resolution: z.optional(
    z.object({
      resolvedAt: timestamp,
      resolvedBy: z.string(),
      minutesSpent: z.number(),
      summary: z.string(),
      /** Billed: the net amount in EUR cents, listed for the tenant's next invoice. */
      billing: z.union([
        z.object({ billable: z.literal(true), netCents: z.number(), currency: z.literal('EUR') }),
        z.object({ billable: z.literal(false), reason: z.string() }),
      ]),
    }),
  ),
  version: z.number(),
});
export type AssistanceRequest = z.infer<typeof assistanceRequest>;
