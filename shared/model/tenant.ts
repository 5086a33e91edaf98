import { id, text, timestamp } from './common.ts';
import * as z from 'zod/mini';
import { BILLING_STATES } from './billing-state.ts';

export const LANGUAGES = ['sl', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

/** obligation: TEN-5 — contacts are kept per role; notices go to the roles they concern. */
export const CONTACT_ROLES = ['administrator', 'billing', 'dataProtection', 'security'] as const;
export type ContactRole = (typeof CONTACT_ROLES)[number];

export const contact = z.strictObject({
  name: text(1, 200),
  email: z.email().check(z.maxLength(254)),
  /** E.164, for SMS notices where configured (security role). */
  phone: z.optional(z.string().check(z.maxLength(16, { abort: true }), z.regex(/^\+[1-9][0-9]{6,14}$/, 'must be an E.164 number such as +38640123456'))),
});
export type Contact = z.infer<typeof contact>;

const countryCode = z.string().check(z.maxLength(2, { abort: true }), z.regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 code such as SI'));
const vatNumber = z
  .string()
  .check(z.maxLength(14, { abort: true }), z.regex(/^[A-Z]{2}[0-9A-Z+*.]{2,12}$/, 'must be a VAT number with its country prefix, such as SI12345678'));

export const contacts = z.strictObject({
  administrator: contact,
  billing: z.optional(contact),
  dataProtection: z.optional(contact),
  security: z.optional(contact),
});

/** The postal address printed on invoices (BIL-5); lines separated by newlines. */
const address = text(1, 500);

export const createTenantBody = z.strictObject({
  name: text(1, 200),
  country: countryCode,
  vatNumber: z.optional(vatNumber),
  address: z.optional(address),
  language: z.enum(LANGUAGES),
  contacts,
  /** obligation: TEN-1 — registration requires explicit acceptance of the current terms version. */
  termsAcceptance: z.strictObject({
    version: z.string().check(z.minLength(1), z.maxLength(40)),
    accepted: z.literal(true, { error: 'the terms must be accepted explicitly (true)' }),
  }),
});
export type CreateTenantInput = z.infer<typeof createTenantBody>;

export const updateTenantBody = z
  .strictObject({
    name: z.optional(text(1, 200)),
    country: z.optional(countryCode),
    /** null removes the VAT number. */
    vatNumber: z.optional(z.nullable(vatNumber)),
    /** null removes the address. */
    address: z.optional(z.nullable(address)),
    language: z.optional(z.enum(LANGUAGES)),
    /** Roles given replace that role's contact; null removes an optional role. */
    contacts: z.optional(
      z.strictObject({
        administrator: z.optional(contact),
        billing: z.optional(z.nullable(contact)),
        dataProtection: z.optional(z.nullable(contact)),
        security: z.optional(z.nullable(contact)),
      }),
    ),
  })
  .check(z.refine((body) => Object.keys(body).length > 0, 'at least one field must be given'));
export type UpdateTenantInput = z.infer<typeof updateTenantBody>;

export const tenant = z.object({
  id,
  name: z.string(),
  country: z.string(),
  vatNumber: z.optional(z.string()),
  address: z.optional(z.string()),
  language: z.enum(LANGUAGES),
  contacts,
  terms: z.object({
    version: z.string(),
    acceptedAt: timestamp,
    /** The registering person, who becomes the tenant's administrator (TEN-1). */
    acceptedBy: z.object({ name: z.string(), email: z.string() }),
    /** The operator principal who recorded the registration. */
    recordedBy: z.string(),
  }),
  /** The contract lifecycle state (docs/billing-lifecycle.md), kept by the billing services. */
  status: z.enum(BILLING_STATES),
  version: z.number().check(z.multipleOf(1)),
  createdAt: timestamp,
  updatedAt: timestamp,
});
export type Tenant = z.infer<typeof tenant>;

/** Lists show no contacts: an operator scanning tenants reads no personal data (TEN-4). */
export const tenantSummary = z.pick(tenant, {
  id: true,
  name: true,
  country: true,
  language: true,
  status: true,
  createdAt: true,
  updatedAt: true,
});
export type TenantSummary = z.infer<typeof tenantSummary>;
