import { randomBytes } from 'node:crypto';
import type * as z from 'zod/mini';
import type { LocalApi } from '../../local/api-server.ts';
import { CURRENT_TERMS_VERSION } from '../../shared/config/terms.ts';
import { firstDayOf, monthOf, nextMonth } from '../../shared/domain/billing/calendar.ts';
import { ROUTES } from '../../shared/http/routes.ts';
import type { OperationId, Route } from '../../shared/http/routes.ts';
import type { CreateSubjectInput } from '../../shared/model/subject.ts';
import type { Schema } from '../../shared/model/zod.ts';
import { OPERATOR_TOKEN, newTenantWithKey, request } from './api.ts';
import { breachCommunicationInput, sharedIncidentFor } from './breach-communications.ts';
import { confirmedConsent, consentRequest, latestConsentMail } from './consents.ts';
import { pendingIntake } from './intake.ts';
import { retentionRepository } from '../../shared/store/retention.ts';
import { TenantScope } from '../../shared/store/tenant-scope.ts';
import type { Reply } from './api.ts';
import { seedExports } from './exports.ts';

/**
 * A valid sample request for every route of the route table, and a seeded set of resources to
 * aim them at. Walks over "every route" (isolation, bad input) start from these, so a route added
 * to `ROUTES` without a sample here fails `tsc --noEmit` (the sample table is a mapped type over
 * the routes) and, at run time, `requestFor` (it throws for an operation without a sample).
 */

/** A billable employee with one attribute set under the employment contract. */
function employee(attributes: Record<string, string>): CreateSubjectInput {
  return {
    category: 'employee',
    endUser: true,
    attributeSets: [{ name: 'employment', purpose: 'Employment contract and payroll', legalBasis: 'contract', attributes }],
  };
}

/** The PIN of the seeded credential, and the one its samples set and check (DAT-9). */
export const SAMPLE_PIN = '5830';

/** Resources a seeded tenant has, by the name a sample uses to fill a path parameter. */
export interface FixtureIds {
  tenantId: string;
  /** A key that may be rotated or revoked without locking the fixture out (not `adminKeyId`). */
  keyId: string;
  /** The key whose secret is `Fixture.key`. */
  adminKeyId: string;
  subjectId: string;
  timeEntryId: string;
  /** An open invoice of an annual plan (one seat), reduced by `creditNoteId`. */
  invoiceId: string;
  creditNoteId: string;
  /** A maintenance that affects this tenant only, announced 72 hours ahead. */
  maintenanceId: string;
  /** An incident that names this tenant, notified directly. */
  incidentId: string;
  /** An Art. 34 communication to all the tenant's subjects, queued (not sent). */
  campaignId: string;
  /** An active legal hold the tenant placed on its subject, and one the operator placed on the tenant (RET-3). */
  holdId: string;
  operatorHoldId: string;
  /** A registered recipient (a processor) that received the subject's data (AUD-3). */
  recipientId: string;
  /** An open assistance request (DSR-11). */
  assistanceId: string;
  /** A purpose the subject and a second one confirmed by double opt-in (CON-1): an audience of two. */
  consentPurpose: string;
  /** The confirmation link's token of a pending request of the subject (another purpose). */
  consentToken: string;
  /** The withdrawal link's token of the subject's confirmed consent to `consentPurpose`. */
  withdrawToken: string;
  /**
   * Privacy requests about the subject, received and not yet verified (DSR-1): one the samples take
   * from verification to fulfilment, one they decline, one they withdraw.
   */
  privacyRequestId: string;
  declinedRequestId: string;
  withdrawnRequestId: string;
  /** The confirmation link's token of a form sent to the vendor's intake about this tenant, pending (DSR-8). */
  intakeToken: string;
  /** A ready full export (EXP-1). */
  exportId: string;
  /** The public link's token of the subject's access export (DSR-5). */
  exportToken: string;
  /** The name of the subject's credential, a PIN (DAT-9); unique per fixture. */
  credentialName: string;
}
export type ResourceName = keyof FixtureIds;

export interface Fixture {
  ids: FixtureIds;
  tenantId: string;
  /** Secret of a key with the scopes `admin` and `capture`: every tenant route accepts it. */
  key: string;
  /** Secret of the second key (`ids.keyId`, scope `capture`). */
  secondKey: string;
  subjectId: string;
  /** The subject's e-mail and tax number, as the blind index finds them. */
  email: string;
  taxNumber: string;
  /** An incident that names every tenant seeded in this file (not a resource of this one tenant). */
  sharedIncidentId: string;
}

/** Current versions for `If-Match`, as a read gave them (see `readVersions`). */
export interface Versions {
  subject?: number;
  tenant?: number;
  recipient?: number;
}
export type VersionOf = keyof Versions;

type PathParamNames<P extends string> = P extends `${string}{${infer N}}${infer Rest}` ? N | PathParamNames<Rest> : never;
type BodyInput<R> = R extends { body: infer S extends Schema } ? z.input<S> : never;
type QueryKey<R> = R extends { query: infer S extends Schema } ? keyof NonNullable<z.input<S>> & string : never;

/** The sample of one route: its shape follows the route's own schemas. */
export type Sample<R extends Route> = {
  /** Extra headers (If-Match is added from `ifMatch`). */
  headers?: Record<string, string>;
} & ([PathParamNames<R['path']>] extends [never]
  ? { params?: never }
  : { params: { [P in PathParamNames<R['path']>]: ResourceName } }) &
  (R extends { body: Schema } ? { body: BodyInput<R> | ((fixture: Fixture) => BodyInput<R>) } : { body?: never }) &
  (R extends { query: Schema } ? { query?: { [K in QueryKey<R>]?: string } } : { query?: never }) &
  (R extends { requiresIfMatch: true } ? { ifMatch: VersionOf } : { ifMatch?: never });

export type Samples = { [R in Route as R['operationId']]: Sample<R> };

export const SAMPLES: Samples = {
  createTenant: {
    body: {
      name: 'Sample d.o.o.',
      country: 'SI',
      language: 'sl',
      contacts: { administrator: { name: 'Sara Sample', email: 'sara@sample.example' } },
      termsAcceptance: { version: CURRENT_TERMS_VERSION, accepted: true },
    },
  },
  listTenants: { query: { limit: '10' } },
  getTenant: { params: { tenantId: 'tenantId' } },
  updateTenant: { params: { tenantId: 'tenantId' }, body: { name: 'Renamed d.o.o.' }, ifMatch: 'tenant' },
  operatorCreateApiKey: { params: { tenantId: 'tenantId' }, body: { name: 'set up by the operator', scopes: ['capture'] } },
  operatorListApiKeys: { params: { tenantId: 'tenantId' }, query: { limit: '10' } },
  operatorRotateApiKey: { params: { tenantId: 'tenantId', keyId: 'keyId' }, body: { gracePeriodHours: 1 } },
  operatorRevokeApiKey: { params: { tenantId: 'tenantId', keyId: 'keyId' } },
  createApiKey: { body: { name: 'till 3', scopes: ['capture'] } },
  listApiKeys: { query: { limit: '10' } },
  rotateApiKey: { params: { keyId: 'keyId' }, body: { gracePeriodHours: 1 } },
  revokeApiKey: { params: { keyId: 'keyId' } },
  getOwnTenant: {},
  createSubject: {
    body: employee({ firstName: 'Mojca', lastName: 'Novak', email: 'mojca.novak@sample.example', taxNumber: 'SI12345678' }),
  },
  listSubjects: { query: { category: 'employee', limit: '10' } },
  lookupSubjects: { body: (f) => ({ email: f.email }) },
  getSubject: { params: { subjectId: 'subjectId' } },
  updateSubject: { params: { subjectId: 'subjectId' }, body: { endUser: false }, ifMatch: 'subject' },
  eraseSubject: { params: { subjectId: 'subjectId' } },
  markSubjectUnder13: { params: { subjectId: 'subjectId' } },
  restrictSubject: { params: { subjectId: 'subjectId' }, body: { reason: 'The data subject contests its accuracy' } },
  liftSubjectRestriction: { params: { subjectId: 'subjectId' } },
  getSubjectHistory: { params: { subjectId: 'subjectId' }, query: { limit: '10' } },
  listSubjectCredentials: { params: { subjectId: 'subjectId' } },
  setSubjectCredential: { params: { subjectId: 'subjectId', name: 'credentialName' }, body: { kind: 'pin', value: SAMPLE_PIN } },
  checkSubjectCredential: { params: { subjectId: 'subjectId', name: 'credentialName' }, body: { value: SAMPLE_PIN } },
  clearSubjectCredential: { params: { subjectId: 'subjectId', name: 'credentialName' } },
  createTimeEntry: {
    params: { subjectId: 'subjectId' },
    body: { type: 'interval', start: '2025-03-03T07:00:00+01:00', end: '2025-03-03T15:00:00+01:00', kind: 'work', deviceId: 'terminal-1' },
  },
  listTimeEntries: { params: { subjectId: 'subjectId' }, query: { from: '2025-01-01T00:00:00Z', to: '2030-01-01T00:00:00Z', limit: '50' } },
  listAudit: { query: { entity: 'subject', limit: '50' } },
  getBilling: {},
  listInvoices: { query: { limit: '10' } },
  getInvoice: { params: { invoiceId: 'invoiceId' } },
  getInvoiceHtml: { params: { invoiceId: 'invoiceId' } },
  listCreditNotes: { query: { limit: '10' } },
  getCreditNoteHtml: { params: { creditNoteId: 'creditNoteId' } },
  getLiabilityCap: { query: { at: '2026-11-22' } },
  cancelContract: { body: { confirm: true } },
  // The seeded annual plan is paid in advance: a new plan may start with the next plan year.
  assignPlan: {
    params: { tenantId: 'tenantId' },
    body: () => ({ interval: 'monthly', unitPriceCents: 350, currency: 'EUR', startsOn: firstDayOf(nextMonth(monthOf(new Date()), 12)) }),
  },
  operatorGetBilling: { params: { tenantId: 'tenantId' } },
  operatorListInvoices: { params: { tenantId: 'tenantId' }, query: { limit: '10' } },
  operatorGetInvoice: { params: { tenantId: 'tenantId', invoiceId: 'invoiceId' } },
  recordPayment: {
    params: { tenantId: 'tenantId', invoiceId: 'invoiceId' },
    headers: { 'Idempotency-Key': 'payment-sample' },
    body: { amountCents: 500, paidOn: '2025-01-15', reference: 'bank statement 42' },
  },
  issueCreditNote: { params: { tenantId: 'tenantId' }, headers: { 'Idempotency-Key': 'credit-sample' }, body: (f) => ({ invoiceId: f.ids.invoiceId, reason: 'sla-credit', netCents: 100 }) },
  operatorListCreditNotes: { params: { tenantId: 'tenantId' }, query: { limit: '10' } },
  reactivateTenant: { params: { tenantId: 'tenantId' }, headers: { 'Idempotency-Key': 'reactivation-sample' }, body: { amountCents: 1220, paidOn: '2025-01-15', reference: 'bank statement 43' } },
  terminateTenant: { params: { tenantId: 'tenantId' }, body: { reason: 'Breach of the acceptable use policy' } },
  operatorGetLiabilityCap: { params: { tenantId: 'tenantId' }, query: { at: '2026-11-22' } },
  scheduleMaintenance: { body: (f) => maintenanceBody(f.tenantId) },
  listMaintenance: { query: { limit: '10' } },
  getMaintenance: { params: { maintenanceId: 'maintenanceId' } },
  startMaintenance: { params: { maintenanceId: 'maintenanceId' } },
  completeMaintenance: { params: { maintenanceId: 'maintenanceId' } },
  getStatusPage: { query: { lang: 'sl' } },
  getStatusJsonFeed: { query: { lang: 'en' } },
  getStatusAtomFeed: { query: { lang: 'en' } },
  // incidents
  createIncident: { headers: { 'Idempotency-Key': 'incident-sample' }, body: (f) => incidentBody(f.tenantId) },
  listIncidents: { query: { limit: '10' } },
  getIncident: { params: { incidentId: 'incidentId' } },
  addIncidentPhase: {
    params: { incidentId: 'incidentId' },
    headers: { 'Idempotency-Key': 'phase-sample' },
    body: { summary: 'Root cause found', rootCause: 'A misconfigured storage bucket policy' },
  },
  publishIncidentNotice: {
    params: { incidentId: 'incidentId' },
    headers: { 'Idempotency-Key': 'public-notice-sample' },
    body: {
      reason: 'The affected customers cannot be identified individually',
      title: { sl: 'Obvestilo o kršitvi', en: 'Breach notice' },
      body: { sl: 'Opis kršitve in ukrepov.', en: 'What happened and what we did.' },
    },
  },
  getIncidentNotification: { params: { incidentId: 'incidentId' } },
  fileIncident: { params: { incidentId: 'incidentId' }, headers: { 'Idempotency-Key': 'filing-sample' }, body: { channel: 'portal', reference: 'IP-2026-0001' } },
  exportIncidents: {},
  exportIncidentsHtml: {},
  listOwnIncidents: {},
  startBreachClock: { params: { incidentId: 'incidentId' } },
  fileOwnBreach: { params: { incidentId: 'incidentId' }, body: { reference: 'IP-2026-0002' } },
  createBreachCommunication: { body: (f) => breachCommunicationInput(f.sharedIncidentId) },
  listBreachCommunications: { query: { limit: '10' } },
  getBreachCommunication: { params: { campaignId: 'campaignId' } },
  listBreachCommunicationRecipients: { params: { campaignId: 'campaignId' }, query: { limit: '10' } },
  // exports
  requestExport: {},
  listExports: { query: { limit: '10' } },
  getExport: { params: { exportId: 'exportId' } },
  downloadExport: { params: { exportId: 'exportId' } },
  getSubjectExportPage: { params: { token: 'exportToken' } },
  downloadSubjectExport: { params: { token: 'exportToken' } },
  // consents
  requestConsent: { params: { subjectId: 'subjectId' }, body: consentRequest('product-news') },
  listSubjectConsents: { params: { subjectId: 'subjectId' } },
  withdrawConsent: { params: { subjectId: 'subjectId', purpose: 'consentPurpose' } },
  getConsentAudience: { params: { purpose: 'consentPurpose' }, query: { limit: '10' } },
  getConsentConfirmation: { params: { token: 'consentToken' } },
  confirmConsent: { params: { token: 'consentToken' } },
  getConsentWithdrawal: { params: { token: 'withdrawToken' } },
  withdrawConsentByLink: { params: { token: 'withdrawToken' } },
  // disclosures (AUD-3, DSR-7) and assistance (DSR-11)
  createRecipient: { body: { name: 'Plače d.o.o.', kind: 'processor', country: 'SI', noticeEmail: 'privacy@place.example', language: 'sl' } },
  listRecipients: { query: { limit: '10' } },
  getRecipient: { params: { recipientId: 'recipientId' } },
  updateRecipient: { params: { recipientId: 'recipientId' }, body: { country: 'AT' }, ifMatch: 'recipient' },
  createDisclosure: {
    body: {
      recipient: 'supervisory-authority',
      kind: 'authority-request',
      subjectIds: [],
      dataCategories: ['working time'],
      legalBasis: 'Art. 6(1)(c) GDPR with Art. 58(1)(a) GDPR',
      reference: 'IP 0610-1/2026',
    },
  },
  listDisclosures: { query: { limit: '10' } },
  listSubjectRecipients: { params: { subjectId: 'subjectId' } },
  notifySubjectRecipients: { params: { subjectId: 'subjectId' }, body: { change: 'rectification', changedFields: ['endUser'] } },
  operatorRecordDisclosure: {
    params: { tenantId: 'tenantId' },
    headers: { 'Idempotency-Key': 'vendor-disclosure-sample' },
    body: {
      basis: 'court-order',
      recipient: 'court',
      recipientName: 'Okrajno sodišče v Ljubljani',
      subjectIds: [],
      dataCategories: ['working time'],
      legalBasis: 'Art. 6(1)(c) GDPR with a court order',
      reference: 'II Kpd 1234/2026',
    },
  },
  createAssistanceRequest: { body: { description: 'The access export of a privacy request misses last year’s time entries.', urgency: 'normal' } },
  listAssistanceRequests: { query: { limit: '10' } },
  operatorListAssistanceRequests: { query: { status: 'open', limit: '10' } },
  resolveAssistanceRequest: {
    params: { tenantId: 'tenantId', assistanceId: 'assistanceId' },
    headers: { 'Idempotency-Key': 'assistance-sample' },
    body: { minutesSpent: 30, summary: 'Exported the missing entries by hand.', netCents: 4500 },
  },
  getRetentionPolicy: {},
  setRetentionPolicy: { body: { shorterMonths: { employee: { contract: 36 } }, timeEntryYears: 5 } },
  listLegalHolds: { query: { limit: '10' } },
  placeLegalHold: { body: { reason: 'Litigation hold: employment dispute' } },
  liftLegalHold: { params: { holdId: 'holdId' }, body: { reason: 'The dispute is settled' } },
  listPurgeRuns: { query: { limit: '10' } },
  operatorListLegalHolds: { params: { tenantId: 'tenantId' }, query: { limit: '10' } },
  operatorPlaceLegalHold: { params: { tenantId: 'tenantId' }, body: { reason: 'Preservation order of the authority' } },
  operatorLiftLegalHold: { params: { tenantId: 'tenantId', holdId: 'operatorHoldId' }, body: { reason: 'The order was lifted' } },
  // privacy requests (DSR-1..DSR-10)
  createPrivacyRequest: { body: { type: 'access', requester: { email: 'requester@sample.example' }, channel: 'email' } },
  listPrivacyRequests: { query: { state: 'received', limit: '10' } },
  getPrivacyRequest: { params: { requestId: 'privacyRequestId' } },
  verifyPrivacyRequester: { params: { requestId: 'privacyRequestId' }, body: { method: 'existing-account', result: 'verified' } },
  extendPrivacyRequest: { params: { requestId: 'privacyRequestId' }, body: { months: 1, reason: 'The data is spread over three systems.' } },
  requestPrivacyRequestFee: {
    params: { requestId: 'privacyRequestId' },
    body: { ground: 'manifestly-excessive', amountCents: 1000, currency: 'EUR', explanation: 'Twelve identical requests this week.' },
  },
  recordPrivacyRequestFeePaid: { params: { requestId: 'privacyRequestId' } },
  declinePrivacyRequest: { params: { requestId: 'declinedRequestId' }, body: { ground: 'other', reason: 'We hold no data on this address.' } },
  fulfilPrivacyRequest: { params: { requestId: 'privacyRequestId' }, body: {} },
  withdrawPrivacyRequest: { params: { requestId: 'withdrawnRequestId' } },
  submitPrivacyRequestToVendor: { body: (f) => ({ tenantId: f.tenantId, type: 'access', email: 'walk-in@sample.example', message: 'Please send me my data.' }) },
  getPrivacyRequestConfirmation: { params: { token: 'intakeToken' } },
  confirmPrivacyRequest: { params: { token: 'intakeToken' } },
  getOpenApi: {},
};

/** The loose view of a sample that code walking all routes reads. */
interface AnySample {
  params?: Record<string, ResourceName>;
  body?: unknown;
  query?: Record<string, string | undefined>;
  headers?: Record<string, string>;
  ifMatch?: VersionOf;
}

export function sampleOf(operationId: OperationId): AnySample {
  const sample = (SAMPLES as Record<string, AnySample | undefined>)[operationId];
  if (!sample) throw new Error(`No sample request for ${operationId}: add one to test/support/route-samples.ts`);
  return sample;
}

export function routeOf(operationId: OperationId): Route {
  const route = ROUTES.find((r) => r.operationId === operationId);
  if (!route) throw new Error(`No route ${operationId}`);
  return route;
}

/** The path parameter names of a route, in path order. */
export function pathParamNames(route: Route): string[] {
  return [...route.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
}

/** Fills a route's path template; values are inserted as given (encode them first if needed). */
export function fillPath(route: Route, values: Record<string, string>): string {
  return route.path.replace(/\{(\w+)\}/g, (_m, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`No value for path parameter ${name} of ${route.operationId}`);
    return value;
  });
}

/** The credentials a route's auth kind takes, from a fixture. */
export function tokenFor(route: Route, fixture: Fixture): string | undefined {
  return route.auth === 'tenant' ? fixture.key : route.auth === 'operator' ? OPERATOR_TOKEN : undefined;
}

export interface SampleRequest {
  operationId: OperationId;
  route: Route;
  method: Route['method'];
  /** The path with the query string, ready for `request`. */
  path: string;
  /** The filled path without the query string. */
  pathname: string;
  /** The path parameters as filled in (unencoded). */
  params: Record<string, string>;
  query: Record<string, string>;
  options: { token?: string; body?: unknown; headers?: Record<string, string> };
}

export interface RequestOptions {
  /** Credentials of the caller; default: those the route's auth kind takes, from `fixture`. */
  token?: string;
  /** Current versions of the fixture's resources, for routes that need If-Match. */
  versions?: Versions;
}

/**
 * The concrete sample request of a route, aimed at `fixture`'s resources: its ids fill the path,
 * its values fill bodies (a lookup looks for its subject's e-mail). Pass `token` to send it as
 * someone else, e.g. another tenant's key.
 */
export function requestFor(operationId: OperationId, fixture: Fixture, options: RequestOptions = {}): SampleRequest {
  const route = routeOf(operationId);
  const sample = sampleOf(operationId);
  const params: Record<string, string> = {};
  for (const name of pathParamNames(route)) {
    const resource = sample.params?.[name];
    if (resource === undefined) throw new Error(`The sample of ${operationId} does not say which resource fills {${name}}`);
    params[name] = fixture.ids[resource];
  }
  const pathname = fillPath(route, Object.fromEntries(Object.entries(params).map(([k, v]) => [k, encodeURIComponent(v)])));
  const query = Object.fromEntries(Object.entries(sample.query ?? {}).filter((e): e is [string, string] => e[1] !== undefined));
  const search = new URLSearchParams(query).toString();
  const headers: Record<string, string> = { ...sample.headers };
  if (sample.ifMatch) {
    const version = options.versions?.[sample.ifMatch];
    if (version === undefined) throw new Error(`${operationId} needs If-Match: pass the ${sample.ifMatch}'s version (readVersions)`);
    headers['If-Match'] = `"${version}"`;
  }
  const body = typeof sample.body === 'function' ? (sample.body as (f: Fixture) => unknown)(fixture) : sample.body;
  const token = options.token ?? tokenFor(route, fixture);
  return {
    operationId,
    route,
    method: route.method,
    path: search === '' ? pathname : `${pathname}?${search}`,
    pathname,
    params,
    query,
    options: {
      ...(token === undefined ? {} : { token }),
      ...(body === undefined ? {} : { body }),
      ...(Object.keys(headers).length === 0 ? {} : { headers }),
    },
  };
}

export function send(api: LocalApi, sample: SampleRequest): Promise<Reply> {
  return request(api, sample.method, sample.path, sample.options);
}

/**
 * Reads the current versions of the fixture's subject (with its key) and tenant (as operator).
 * Both reads are audited in the tenant's partition: read before snapshotting it.
 */
export async function readVersions(api: LocalApi, fixture: Fixture): Promise<Versions> {
  const subject = await request(api, 'GET', `/v1/subjects/${fixture.subjectId}`, { token: fixture.key });
  const tenant = await request(api, 'GET', `/v1/operator/tenants/${fixture.tenantId}`, { token: OPERATOR_TOKEN });
  const recipient = await request(api, 'GET', `/v1/recipients/${fixture.ids.recipientId}`, { token: fixture.key });
  return {
    ...(subject.status === 200 ? { subject: subject.body.version as number } : {}),
    ...(tenant.status === 200 ? { tenant: tenant.body.version as number } : {}),
    ...(recipient.status === 200 ? { recipient: recipient.body.version as number } : {}),
  };
}

function expectStatus(reply: Reply, status: number, what: string): void {
  if (reply.status !== status) throw new Error(`${what}: expected ${status}, got ${reply.status} ${JSON.stringify(reply.body)}`);
}

/**
 * Seeds a tenant through the API: the tenant and an admin+capture key (as the operator), a second
 * key, a data subject whose attribute set holds `email` and `taxNumber`, and a time entry.
 */
export async function seedTenant(api: LocalApi, values: { email?: string; taxNumber?: string } = {}): Promise<Fixture> {
  const unique = randomBytes(5).toString('hex');
  const email = values.email ?? `ana.${unique}@subjects.example`;
  const taxNumber = values.taxNumber ?? `SI${String(parseInt(unique, 16) % 1e8).padStart(8, '0')}`;
  const { tenantId, key, keyId } = await newTenantWithKey(api, ['admin', 'capture'], { name: `Tenant ${unique} d.o.o.` });

  const second = await request(api, 'POST', '/v1/api-keys', { token: key, body: { name: 'clock terminal', scopes: ['capture'] } });
  expectStatus(second, 201, 'second key');

  const subject = await request(api, 'POST', '/v1/subjects', {
    token: key,
    body: employee({ firstName: 'Ana', lastName: `Kovač ${unique}`, email, taxNumber }),
  });
  expectStatus(subject, 201, 'subject');

  const entry = await request(api, 'POST', `/v1/subjects/${subject.body.id}/time-entries`, {
    token: key,
    body: { type: 'clock-in', at: '2025-03-03T07:00:00+01:00', deviceId: 'terminal-1' },
  });
  expectStatus(entry, 201, 'time entry');

  const plan = await request(api, 'POST', `/v1/operator/tenants/${tenantId}/plan`, {
    token: OPERATOR_TOKEN,
    body: { interval: 'annual', unitPriceCents: 1000, currency: 'EUR', committedSeats: 1 },
  });
  expectStatus(plan, 200, 'plan');
  const invoiceId = await issueDueInvoice(tenantId);
  const credit = await request(api, 'POST', `/v1/operator/tenants/${tenantId}/credit-notes`, {
    token: OPERATOR_TOKEN,
    body: { invoiceId, reason: 'correction', netCents: 100 },
    headers: { 'Idempotency-Key': `seed-credit-${unique}` },
  });
  expectStatus(credit, 201, 'credit note');

  const incident = await request(api, 'POST', '/v1/operator/incidents', {
    token: OPERATOR_TOKEN,
    body: incidentBody(tenantId),
    headers: { 'Idempotency-Key': `seed-incident-${unique}` },
  });
  expectStatus(incident, 201, 'incident');

  const maintenance = await request(api, 'POST', '/v1/operator/maintenance', { token: OPERATOR_TOKEN, body: maintenanceBody(tenantId) });
  expectStatus(maintenance, 201, 'maintenance');

  const sharedIncidentId = await sharedIncidentFor(tenantId);
  const campaign = await request(api, 'POST', '/v1/breach-communications', { token: key, body: breachCommunicationInput(sharedIncidentId) });
  expectStatus(campaign, 201, 'breach communication');

  // Double opt-in (CON-1): the subject and a second one confirm a purpose; a request for another stays pending.
  const consentPurpose = `news-${unique}`;
  const confirmed = await confirmedConsent(api, key, subject.body.id, email, consentPurpose);
  const secondEmail = `bojan.${unique}@subjects.example`;
  const reader = await request(api, 'POST', '/v1/subjects', {
    token: key,
    body: { category: 'subscriber', endUser: false, attributeSets: [{ name: 'contact', purpose: 'Product news', legalBasis: 'consent', attributes: { email: secondEmail } }] },
  });
  expectStatus(reader, 201, 'second subject');
  await confirmedConsent(api, key, reader.body.id, secondEmail, consentPurpose);
  const pending = await request(api, 'POST', `/v1/subjects/${subject.body.id}/consents`, { token: key, body: consentRequest(`surveys-${unique}`) });
  expectStatus(pending, 201, 'pending consent');
  const pendingLinks = await latestConsentMail(email, subject.body.id, `surveys-${unique}`);

  // A processor that received the subject's data (AUD-3), and an open assistance request (DSR-11).
  const recipient = await request(api, 'POST', '/v1/recipients', {
    token: key,
    body: { name: 'Payroll Services d.o.o.', kind: 'processor', country: 'SI', noticeEmail: `privacy.${unique}@payroll.example`, language: 'en' },
  });
  expectStatus(recipient, 201, 'recipient');
  const disclosed = await request(api, 'POST', '/v1/disclosures', {
    token: key,
    headers: { 'Idempotency-Key': `seed-disclosure-${unique}` },
    body: { recipient: recipient.body.id, kind: 'transfer', subjectIds: [subject.body.id], dataCategories: ['working time'], legalBasis: 'Art. 28 GDPR processing contract', reference: 'PAY-2026-03' },
  });
  expectStatus(disclosed, 201, 'disclosure');
  const assistance = await request(api, 'POST', '/v1/assistance-requests', {
    token: key,
    headers: { 'Idempotency-Key': `seed-assistance-${unique}` },
    body: { description: 'Please help: the access export misses a time entry.', urgency: 'normal' },
  });
  expectStatus(assistance, 201, 'assistance request');

  const [privacyRequestId, declinedRequestId, withdrawnRequestId] = await Promise.all(
    ['fulfilled', 'declined', 'withdrawn'].map(async (fate) => {
      const created = await request(api, 'POST', '/v1/privacy-requests', {
        token: key,
        headers: { 'Idempotency-Key': `seed-privacy-request-${fate}-${unique}` },
        body: { type: 'access', requester: { email }, channel: 'email', subjectId: subject.body.id },
      });
      expectStatus(created, 201, `privacy request to be ${fate}`);
      return created.body.id as string;
    }),
  );

  // A PIN for the till (DAT-9): the credential routes' samples set, check and clear it.
  const credentialName = `till-pin-${unique}`;
  const credential = await request(api, 'POST', `/v1/subjects/${subject.body.id}/credentials/${credentialName}`, { token: key, body: { kind: 'pin', value: SAMPLE_PIN } });
  expectStatus(credential, 200, 'credential');

  // A form sent to the vendor about this tenant, waiting for its sender's confirmation (DSR-8).
  const intake = await pendingIntake(api, { tenantId, type: 'erasure', email: `walk-in.${unique}@requests.example`, message: 'Please delete my data.' });

  const hold = await request(api, 'POST', '/v1/retention/holds', { token: key, body: { subjectId: subject.body.id, reason: 'Litigation hold' } });
  expectStatus(hold, 201, 'legal hold');
  const operatorHold = await request(api, 'POST', `/v1/operator/tenants/${tenantId}/legal-holds`, { token: OPERATOR_TOKEN, body: { reason: 'Preservation order' } });
  expectStatus(operatorHold, 201, 'operator legal hold');
  const secondOperatorHold = await request(api, 'POST', `/v1/operator/tenants/${tenantId}/legal-holds`, { token: OPERATOR_TOKEN, body: { reason: 'Second order' } });
  expectStatus(secondOperatorHold, 201, 'second operator legal hold');
  // Two days' purge run records, as the purge job starts them (the job itself walks every tenant).
  for (const day of ['2026-01-01', '2026-01-02']) await retentionRepository(TenantScope.named(tenantId)).startRun(day, new Date(`${day}T01:30:00Z`), true);

  const ids: FixtureIds = {
    tenantId,
    keyId: second.body.id,
    adminKeyId: keyId,
    subjectId: subject.body.id,
    timeEntryId: entry.body.id,
    invoiceId,
    creditNoteId: credit.body.id,
    maintenanceId: maintenance.body.id,
    incidentId: incident.body.id,
    campaignId: campaign.body.id,
    holdId: hold.body.id,
    operatorHoldId: operatorHold.body.id,
    recipientId: recipient.body.id,
    assistanceId: assistance.body.id,
    privacyRequestId: privacyRequestId!,
    declinedRequestId: declinedRequestId!,
    withdrawnRequestId: withdrawnRequestId!,
    intakeToken: intake.token,
    consentPurpose,
    consentToken: pendingLinks.confirm.split('/').at(-1)!,
    withdrawToken: confirmed.withdraw.split('/').at(-1)!,
    credentialName,
    ...(await seedExports(api, { key, tenantId, subjectId: subject.body.id })),
  };
  return { ids, tenantId, key, secondKey: second.body.secret, subjectId: ids.subjectId, email, taxNumber, sharedIncidentId };
}

/** A breach that affects `tenantId`, with the vendor as controller too (so its clock runs). */
export function incidentBody(tenantId: string) {
  const at = new Date(Date.now() - 3_600_000).toISOString();
  return {
    title: 'Misdirected export file',
    types: ['confidentiality'] as ('confidentiality' | 'integrity' | 'availability')[],
    nature: 'An export file was sent to the wrong customer and opened.',
    dataCategories: ['names', 'work e-mail addresses'],
    subjectCategories: ['employees'],
    dataSubjects: { approximately: 40, estimate: true },
    records: { approximately: 120, estimate: true },
    likelyConsequences: 'Unwanted contact; low risk of phishing.',
    measures: 'The recipient deleted the file and confirmed it in writing.',
    contactPoint: { name: 'Security desk', email: 'security@vendor.example' },
    detectedAt: at,
    awareAt: at,
    affectedTenantIds: [tenantId],
    vendorIsController: true,
    notification: { decision: 'notify' as const },
  };
}

/** Maintenance of the API for `tenantId` alone, 72 hours from now: well past the 48-hour lead time. */
export function maintenanceBody(tenantId: string) {
  return {
    startsAt: new Date(Date.now() + 72 * 3_600_000).toISOString(),
    expectedMaxDurationMinutes: 90,
    components: ['api'] as 'api'[],
    description: { sl: 'Nadgradnja podatkovne baze.', en: 'Database upgrade.' },
    affectedTenantIds: [tenantId],
  };
}

/** Issues the invoice of the tenant's current period now, as the invoicing job would. */
async function issueDueInvoice(tenantId: string): Promise<string> {
  const { invoiceTenantNow } = await import('../../shared/services/billing/invoicing.ts');
  const [invoiceId] = await invoiceTenantNow(tenantId, new Date());
  if (!invoiceId) throw new Error('The seeded plan should have produced an invoice');
  return invoiceId;
}

/** Whether a partition key lies in a tenant's key space: exactly `T#<id>` or below `T#<id>#`. */
export function inTenantKeySpace(pk: unknown, tenantId: string): boolean {
  return typeof pk === 'string' && (pk === `T#${tenantId}` || pk.startsWith(`T#${tenantId}#`));
}
