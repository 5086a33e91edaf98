import * as z from 'zod/mini';
import type { StageConfig } from './stage.ts';

/**
 * The vendor's details in a stage's configuration (shared/config/stage.ts): the seller on invoices,
 * the breach responders and the supervisory authority, the support desk, and the sending identity.
 * Checked by {@link assertVendorConfig} when the stack is synthesised, so a wrong value stops
 * `cdk synth` with the field named rather than failing a send (or an invoice) after deployment.
 */

/** A DNS domain name (LDH labels, at least two, a letter-only top-level label), lower case. */
const DOMAIN = /^(?=.{4,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
/** One DNS label. */
const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
/** An address SES accepts as plain ASCII (no SMTPUTF8), with a domain as above. */
const ADDRESS = /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@[a-z0-9.-]+$/;

const domain = z.string().check(z.regex(DOMAIN, 'must be a lower-case DNS domain such as vendor.si'));
const address = z.string().check(
  z.regex(ADDRESS, 'must be a plain e-mail address with a lower-case domain, such as notices@vendor.si'),
  z.refine((a) => DOMAIN.test(a.slice(a.indexOf('@') + 1)), 'must end in a valid DNS domain'),
);
/** The EU's VAT identification numbers: a member state's prefix (EL for Greece), then 2–12 characters. */
const EU_VAT_PREFIXES = ['AT', 'BE', 'BG', 'CY', 'CZ', 'DE', 'DK', 'EE', 'EL', 'ES', 'FI', 'FR', 'HR', 'HU', 'IE', 'IT', 'LT', 'LU', 'LV', 'MT', 'NL', 'PL', 'PT', 'RO', 'SE', 'SI', 'SK'];
const vatNumber = z.string().check(
  z.regex(/^[A-Z]{2}[0-9A-Z+*]{2,12}$/, 'must be an EU VAT number with its country prefix and no spaces, such as SI12345678'),
  z.refine((v) => EU_VAT_PREFIXES.includes(v.slice(0, 2)), `must start with an EU member state's VAT prefix (${EU_VAT_PREFIXES.join(', ')})`),
);
const country = z.string().check(z.regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 code such as SI'));
/** An IBAN as printed (groups of four allowed), with a valid ISO 13616 check (mod 97). */
const iban = z.string().check(
  z.refine((v) => {
    const compact = v.replace(/ /g, '');
    if (!/^[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}$/.test(compact)) return false;
    const digits = (compact.slice(4) + compact.slice(0, 4)).replace(/[A-Z]/g, (c) => String(c.charCodeAt(0) - 55));
    let rest = 0;
    for (const d of digits) rest = (rest * 10 + Number(d)) % 97;
    return rest === 1;
  }, 'must be an IBAN with a valid check number, such as SI56 1910 0000 0123 438'),
);
const nonEmpty = (max: number) => z.string().check(z.trim(), z.minLength(1), z.maxLength(max));

export const vendorConfigSchema = z
  .object({
    seller: z.strictObject({ name: nonEmpty(200), address: nonEmpty(500), country, vatNumber, iban, email: address }),
    breach: z.strictObject({
      responders: z.array(address).check(z.minLength(1)),
      supervisoryAuthority: z.strictObject({ name: nonEmpty(200), email: address, language: z.enum(['sl', 'en']) }),
    }),
    support: z.strictObject({ email: address }),
    email: z.strictObject({
      senderDomain: domain,
      senderAddress: address,
      mailFromSubdomain: z.string().check(z.regex(LABEL, 'must be one DNS label such as mail')),
      dmarcReportAddress: address,
      dmarcPolicy: z.enum(['none', 'quarantine', 'reject']),
    }),
  })
  .check(
    z.refine((c) => c.email.senderAddress.endsWith(`@${c.email.senderDomain}`), {
      message: 'must be an address at the sender domain (email.senderDomain): SES signs and sends only for the verified domain',
      path: ['email', 'senderAddress'],
    }),
    z.refine((c) => c.seller.vatNumber.slice(0, 2) === (c.seller.country === 'GR' ? 'EL' : c.seller.country), {
      message: "must carry the seller's country as its prefix (EL for GR)",
      path: ['seller', 'vatNumber'],
    }),
  );

/** Every problem with the vendor details of `config`, as `path: message`; empty when valid. */
export function vendorConfigProblems(config: Pick<StageConfig, 'seller' | 'breach' | 'support' | 'email'>): string[] {
  const { seller, breach, support, email } = config;
  const result = vendorConfigSchema.safeParse({ seller, breach, support, email });
  if (result.success) return [];
  return result.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
}

/** Throws, naming the stage and every problem, unless the vendor details of `config` are valid. */
export function assertVendorConfig<T extends Pick<StageConfig, 'seller' | 'breach' | 'support' | 'email'>>(stage: string, config: T): T {
  const problems = vendorConfigProblems(config);
  if (problems.length > 0) throw new Error(`Stage ${stage}: vendor configuration is invalid:\n- ${problems.join('\n- ')}`);
  return config;
}

/** The MAIL FROM domain of a sending identity: `<mailFromSubdomain>.<senderDomain>`. */
export function mailFromDomain(email: StageConfig['email']): string {
  return `${email.mailFromSubdomain}.${email.senderDomain}`;
}

/** The DMARC record the vendor publishes at `_dmarc.<senderDomain>` (docs/email.md). */
export function dmarcRecord(email: StageConfig['email']): string {
  // adkim/aspf relaxed: DKIM signs as the domain, SPF passes for the MAIL FROM subdomain; both align.
  return `v=DMARC1; p=${email.dmarcPolicy}; rua=mailto:${email.dmarcReportAddress}; adkim=r; aspf=r; pct=100`;
}
