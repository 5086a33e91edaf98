/**
 * Key formats. Every tenant item's partition key is exactly `T#<tenantId>` or starts with
 * `T#<tenantId>#`, so an IAM `dynamodb:LeadingKeys` condition can pin a principal to one tenant
 * (obligation: TEN-3). Identifiers are lower-case ULIDs, which cannot contain the delimiter.
 */
const ID = /^[0-9a-z]{26}$/;

export function assertId(id: string, what: string): string {
  if (!ID.test(id)) throw new Error(`Invalid ${what} id`);
  return id;
}

export const keys = {
  tenantPartition: (tenantId: string) => `T#${assertId(tenantId, 'tenant')}`,
  tenantProfile: (tenantId: string) => ({ pk: keys.tenantPartition(tenantId), sk: 'TENANT' }),
  apiKey: (tenantId: string, keyId: string) => ({
    pk: keys.tenantPartition(tenantId),
    sk: `KEY#${assertId(keyId, 'key')}`,
  }),
  apiKeyPrefix: 'KEY#',
  auditPartition: (tenantId: string, at: Date) =>
    `${keys.tenantPartition(tenantId)}#AUDIT#${at.toISOString().slice(0, 7)}`,
  noticePartition: (tenantId: string) => `${keys.tenantPartition(tenantId)}#NOTICE`,
  tenantIdempotency: (tenantId: string, hash: string) => ({
    pk: `${keys.tenantPartition(tenantId)}#IDEM#${hash}`,
    sk: 'IDEM',
  }),
  /** Operator requests have no tenant: their records live outside every tenant's key space. */
  operatorIdempotency: (hash: string) => ({ pk: `OP#IDEM#${hash}`, sk: 'IDEM' }),
  tenantListPartition: 'TENANTS',
  subjectPartition: (tenantId: string, subjectId: string) =>
    `${keys.tenantPartition(tenantId)}#SUBJ#${assertId(subjectId, 'subject')}`,
  subject: (tenantId: string, subjectId: string) => ({ pk: keys.subjectPartition(tenantId, subjectId), sk: 'SUBJECT' }),
  /** Versions sort by the time they took effect: `asOf` reads one item. */
  subjectVersion: (tenantId: string, subjectId: string, validFrom: string, version: number) => ({
    pk: keys.subjectPartition(tenantId, subjectId),
    sk: `V#${validFrom}#${String(version).padStart(9, '0')}`,
  }),
  subjectVersionPrefix: 'V#',
  /** Tombstones whose erasure is complete, listed so a tenant deletion finds them (while unfinished: `ERASING`). */
  erasedList: (tenantId: string) => `${keys.tenantPartition(tenantId)}#ERASED`,
  /** The tenant's idempotency records, listed for the same reason; operator records stay unlisted. */
  idempotencyList: (tenantId: string) => `${keys.tenantPartition(tenantId)}#IDEMPOTENCY`,
  /** The tenant's subjects, by category then creation, in the type index. */
  subjectList: (tenantId: string) => `${keys.tenantPartition(tenantId)}#SUBJECTS`,
  /**
   * Tombstones whose erasure has items left to delete, across tenants in one index partition,
   * so the completion job finds them in one query (like `TENANTS`, ids only, nothing personal).
   */
  erasingList: 'ERASING',
  /** A blind-index entry: the HMAC of a normalised value, never the value (DAT-6). */
  lookupPartition: (tenantId: string, kind: string, hmac: string) => `${keys.tenantPartition(tenantId)}#LOOKUP#${kind}#${hmac}`,
  lookup: (tenantId: string, kind: string, hmac: string, subjectId: string) => ({
    pk: keys.lookupPartition(tenantId, kind, hmac),
    sk: `SUBJ#${assertId(subjectId, 'subject')}`,
  }),
  timeEntryPartition: (tenantId: string, subjectId: string) => `${keys.subjectPartition(tenantId, subjectId)}#TIME`,
  /** The tenant's count of active end users (billable seats), kept in step with every change. */
  seats: (tenantId: string) => ({ pk: keys.tenantPartition(tenantId), sk: 'SEATS' }),
  /**
   * Billing documents and the billing account: no end-user personal data, kept when the tenant
   * is deleted (BIL-9), so they live apart from every partition a deletion removes.
   */
  billingPartition: (tenantId: string) => `${keys.tenantPartition(tenantId)}#BILLING`,
  billingAccount: (tenantId: string) => ({ pk: keys.billingPartition(tenantId), sk: 'ACCOUNT' }),
  invoice: (tenantId: string, invoiceId: string) => ({ pk: keys.billingPartition(tenantId), sk: `INV#${assertId(invoiceId, 'invoice')}` }),
  invoicePrefix: 'INV#',
  creditNote: (tenantId: string, creditNoteId: string) => ({
    pk: keys.billingPartition(tenantId),
    sk: `CN#${assertId(creditNoteId, 'credit note')}`,
  }),
  creditNotePrefix: 'CN#',
  /** Payments sort by the day they were made, so "paid in the last six months" is one range query (BIL-8). */
  payment: (tenantId: string, paidOn: string, paymentId: string) => ({
    pk: keys.billingPartition(tenantId),
    sk: `PAY#${paidOn}#${assertId(paymentId, 'payment')}`,
  }),
  paymentPrefix: 'PAY#',
  /** Metering evidence: month peaks and daily snapshots (BIL-2); counts only, kept with the invoices. */
  meterPartition: (tenantId: string) => `${keys.tenantPartition(tenantId)}#METER`,
  monthPeak: (tenantId: string, month: string) => ({ pk: keys.meterPartition(tenantId), sk: `PEAK#${month}` }),
  monthPeakPrefix: 'PEAK#',
  daySnapshot: (tenantId: string, day: string) => ({ pk: keys.meterPartition(tenantId), sk: `DAY#${day}` }),
  daySnapshotPrefix: 'DAY#',
  /** One gapless number series per document kind and year, across tenants (BIL-9). */
  documentSequence: (series: 'INVOICE' | 'CREDIT-NOTE', year: number) => ({ pk: `SEQ#${series}#${year}`, sk: 'SEQ' }),
  /** Maintenance (vendor-level, no tenant data): the entry and its notice records (MNT-1, MNT-2). */
  maintenancePartition: (maintenanceId: string) => `MAINT#${assertId(maintenanceId, 'maintenance')}`,
  maintenance: (maintenanceId: string) => ({ pk: keys.maintenancePartition(maintenanceId), sk: 'MAINTENANCE' }),
  maintenanceNotice: (maintenanceId: string, kind: string) => ({ pk: keys.maintenancePartition(maintenanceId), sk: `NOTICE#${kind}` }),
  /** Every maintenance by start time, in `gsi1`. */
  maintenanceList: 'MAINTENANCE',
  /** Maintenance with notices still to come, one marker each, read by the notice job in one query. */
  openMaintenancePartition: 'MAINTENANCE-OPEN',
  openMaintenance: (startsAt: string, maintenanceId: string) => ({ pk: 'MAINTENANCE-OPEN', sk: `${startsAt}#${assertId(maintenanceId, 'maintenance')}` }),
  /** Public status page entries (incident notices, BRE-3), by publication time in `gsi1`. */
  statusFeedEntry: (entryId: string) => ({ pk: `STATUS#${assertId(entryId, 'status feed entry')}`, sk: 'ENTRY' }),
  statusFeedList: 'STATUS-FEED',
  /** Index partitions the billing jobs query instead of walking every tenant (ids and dates only). */
  billingAccountsList: 'BILLING-ACCOUNTS',
  unpaidInvoicesList: 'UNPAID',
  deletingList: 'DELETING',
  /** Breach register (vendor-level, operator only): the entry, its phases, clocks and filings. */
  incidentPartition: (incidentId: string) => `INC#${assertId(incidentId, 'incident')}`,
  incident: (incidentId: string) => ({ pk: keys.incidentPartition(incidentId), sk: 'INCIDENT' }),
  incidentPhase: (incidentId: string, phase: number) => ({ pk: keys.incidentPartition(incidentId), sk: `PHASE#${String(phase).padStart(4, '0')}` }),
  incidentPhasePrefix: 'PHASE#',
  incidentClock: (incidentId: string, controller: string) => ({ pk: keys.incidentPartition(incidentId), sk: `CLOCK#${controller}` }),
  incidentClockPrefix: 'CLOCK#',
  incidentFiling: (incidentId: string, at: string, filingId: string) => ({ pk: keys.incidentPartition(incidentId), sk: `FILING#${at}#${filingId}` }),
  incidentFilingPrefix: 'FILING#',
  /** The register's evidence that a tenant was told of a phase (BRE-2): one per tenant, phase, channel and role. */
  incidentNotified: (incidentId: string, n: { tenantId: string; phase: number; channel: string; role: string }) => ({
    pk: keys.incidentPartition(incidentId),
    sk: `NOTIFIED#${assertId(n.tenantId, 'tenant')}#${String(n.phase).padStart(4, '0')}#${n.channel}#${n.role}`,
  }),
  incidentNotifiedPrefix: 'NOTIFIED#',
  /** A phase whose tenant notices have all gone out. */
  incidentPhaseSent: (incidentId: string, phase: number) => ({ pk: keys.incidentPartition(incidentId), sk: `SENT#${String(phase).padStart(4, '0')}` }),
  incidentPhaseSentPrefix: 'SENT#',
  incidentsList: 'INCIDENTS',
  /** Clocks not yet met by a first filing, across incidents, by deadline (the breach-clock job). */
  openClocksList: 'BREACH-CLOCKS',
  /** The vendor's own notice log: clock reminders, filings sent to the authority. */
  vendorNoticePartition: 'VENDOR#NOTICE',
  /**
   * An address SES reported as undeliverable for good (a permanent bounce) or as complaining
   * (docs/email.md): vendor-wide, keyed by the address's suppression index (an HMAC under a secret
   * of its own, never the address), outside every tenant's key space.
   */
  emailSuppression: (index: string) => {
    if (!/^[A-Za-z0-9_-]{43}$/.test(index)) throw new Error('Invalid suppression index');
    return { pk: `${keys.emailSuppressionPrefix}${index}`, sk: 'SUPPRESSED' };
  },
  emailSuppressionPrefix: 'SUPPRESSED#',
  /** Every suppression partition, as an IAM `dynamodb:LeadingKeys` pattern. */
  emailSuppressionPartitions: ['SUPPRESSED#*'] as readonly string[],
  /**
   * Art. 34 communications (BRE-5): the campaign and its audience list live in the tenant's own
   * partition, so a tenant deletion removes them with the profile's leftovers.
   */
  breachCommunication: (tenantId: string, campaignId: string) => ({ pk: keys.tenantPartition(tenantId), sk: `BCOMM#${assertId(campaignId, 'campaign')}` }),
  breachCommunicationPrefix: 'BCOMM#',
  breachCommunicationAudience: (tenantId: string, campaignId: string) => ({ pk: keys.tenantPartition(tenantId), sk: `BCOMM-AUDIENCE#${assertId(campaignId, 'campaign')}` }),
  /** A campaign's outbox kind: its records in the tenant's notice partition are the per-recipient log. */
  breachCommunicationNoticeKind: (campaignId: string) => `BCOMM#${assertId(campaignId, 'campaign')}`,
  /** Campaigns with recipients left, across tenants (ids and dates only), for the sending job. */
  activeBreachCommunicationsList: 'BREACH-COMMS',
  /** One sender at a time: the sending job's lease, so overlapping runs never double the send rate. */
  breachCommunicationLease: { pk: 'BREACH-COMMS', sk: 'LEASE' },
  /**
   * Privacy requests (DSR-1..DSR-11) in the tenant's own partition; the open ones, and closed ones
   * still owing a notice, listed across tenants by deadline (ids and dates only).
   */
  privacyRequest: (tenantId: string, requestId: string) => ({ pk: keys.tenantPartition(tenantId), sk: `PRQ#${assertId(requestId, 'privacy request')}` }),
  privacyRequestPrefix: 'PRQ#',
  activePrivacyRequestsList: 'PRIVACY-REQUESTS',
  /**
   * A form sent to the vendor's intake, waiting for the sender to confirm the address (DSR-8), and
   * the count of confirmation e-mails one address got from one tenant's form today (by its blind
   * index, never the address). Both in the tenant's own partition, so a tenant deletion removes
   * them; both carry a `ttl`, so DynamoDB deletes them once the link or the day is over.
   */
  privacyRequestIntake: (tenantId: string, intakeId: string) => ({ pk: keys.tenantPartition(tenantId), sk: `INTAKE#${assertId(intakeId, 'intake')}` }),
  privacyRequestIntakeMails: (tenantId: string, requesterHmac: string) => {
    if (!/^[A-Za-z0-9_-]{20,64}$/.test(requesterHmac)) throw new Error('Invalid requester blind index');
    return { pk: keys.tenantPartition(tenantId), sk: `INTAKE-MAILS#${requesterHmac}` };
  },
  /**
   * Consent (CON-1, CON-2): the current record per purpose and its append-only events live in the
   * subject's partition, so erasure and a tenant deletion remove them with the subject.
   */
  consent: (tenantId: string, subjectId: string, purpose: string) => ({ pk: keys.subjectPartition(tenantId, subjectId), sk: `CONSENT#${purpose}` }),
  consentPrefix: 'CONSENT#',
  consentEvent: (tenantId: string, subjectId: string, purpose: string, at: string, eventId: string) => ({
    pk: keys.subjectPartition(tenantId, subjectId),
    sk: `CONSENT-EVENT#${purpose}#${at}#${assertId(eventId, 'consent event')}`,
  }),
  consentEventPrefix: 'CONSENT-EVENT#',
  /** Both of the above: one query reads a subject's consents with their history. */
  consentItemsPrefix: 'CONSENT',
  /**
   * obligation: DAT-9 — a subject's credential (its hash, never its value) lives in the subject's
   * partition, so an erasure, the purge and a tenant deletion remove it with the subject.
   */
  credential: (tenantId: string, subjectId: string, name: string) => {
    if (!/^[a-z][a-z0-9-]{0,39}$/.test(name)) throw new Error('Invalid credential name');
    return { pk: keys.subjectPartition(tenantId, subjectId), sk: `CREDENTIAL#${name}` };
  },
  credentialPrefix: 'CREDENTIAL#',
  /** The tenant's purposes with consent records (a marker each, no personal data). */
  consentPurpose: (tenantId: string, purpose: string) => ({ pk: keys.tenantPartition(tenantId), sk: `CONSENT-PURPOSE#${purpose}` }),
  /** Subjects with a confirmed consent for a purpose, in `gsi1` (ids only): the mailing audience. */
  consentAudienceList: (tenantId: string, purpose: string) => `${keys.tenantPartition(tenantId)}#CONSENTED#${purpose}`,
  /**
   * The disclosure log (AUD-3), its recipients registry and assistance requests (DSR-11) live in
   * the tenant's own partition, so a tenant deletion removes them. The per-subject listing of the
   * log is there too, not in the subject's partition: "who received X's data" must survive X's
   * erasure (it holds ids, dates and references, never a personal value).
   */
  recipient: (tenantId: string, recipientId: string) => ({ pk: keys.tenantPartition(tenantId), sk: `RECIPIENT#${assertId(recipientId, 'recipient')}` }),
  recipientPrefix: 'RECIPIENT#',
  disclosure: (tenantId: string, at: string, disclosureId: string) => ({
    pk: keys.tenantPartition(tenantId),
    sk: `DISCLOSURE#${at}#${assertId(disclosureId, 'disclosure')}`,
  }),
  disclosurePrefix: 'DISCLOSURE#',
  /** One per subject a disclosure names, sorted by time: the subject's recipients are one query. */
  disclosedSubject: (tenantId: string, subjectId: string, at: string, disclosureId: string) => ({
    pk: keys.tenantPartition(tenantId),
    sk: `DISCLOSED#${assertId(subjectId, 'subject')}#${at}#${assertId(disclosureId, 'disclosure')}`,
  }),
  disclosedSubjectPrefix: (subjectId: string) => `DISCLOSED#${assertId(subjectId, 'subject')}#`,
  /** Disclosures of the whole tenant's data (a full export): they cover every subject that existed then. */
  disclosedAll: (tenantId: string, at: string, disclosureId: string) => ({
    pk: keys.tenantPartition(tenantId),
    sk: `DISCLOSED-ALL#${at}#${assertId(disclosureId, 'disclosure')}`,
  }),
  disclosedAllPrefix: 'DISCLOSED-ALL#',
  assistanceRequest: (tenantId: string, requestId: string) => ({ pk: keys.tenantPartition(tenantId), sk: `ASSIST#${assertId(requestId, 'assistance request')}` }),
  assistanceRequestPrefix: 'ASSIST#',
  /** Assistance requests across tenants for the operator, by creation (ids and dates only). */
  assistanceRequestsList: 'ASSISTANCE',
  /**
   * Exports (EXP-1, DSR-5): a full tenant export's record lives in the tenant's own partition, a
   * data subject's access export's record in the subject's partition, so a tenant deletion and an
   * erasure remove the records with the rest; the objects go first (shared/services/exports).
   */
  tenantExport: (tenantId: string, exportId: string) => ({ pk: keys.tenantPartition(tenantId), sk: `EXPORT#${assertId(exportId, 'export')}` }),
  subjectExport: (tenantId: string, subjectId: string, exportId: string) => ({
    pk: keys.subjectPartition(tenantId, subjectId),
    sk: `EXPORT#${assertId(exportId, 'export')}`,
  }),
  exportPrefix: 'EXPORT#',
  /** Exports with work due (to produce, to retry after a lost lease, to expire), by due time, across tenants (ids and dates only). */
  exportWorkList: 'EXPORTS',
  /**
   * Retention (RET-1..3): the tenant's policy, its legal holds and its daily purge runs, in the
   * tenant's own partition, so a tenant deletion removes them with the profile's leftovers.
   */
  retentionPolicy: (tenantId: string) => ({ pk: keys.tenantPartition(tenantId), sk: 'RETENTION#POLICY' }),
  legalHold: (tenantId: string, holdId: string) => ({ pk: keys.tenantPartition(tenantId), sk: `RETENTION#HOLD#${assertId(holdId, 'legal hold')}` }),
  legalHoldPrefix: 'RETENTION#HOLD#',
  /** One run record per tenant and Ljubljana day: its counts and its checkpoint (RET-2). */
  purgeRun: (tenantId: string, day: string) => {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) throw new Error('Invalid purge day');
    return { pk: keys.tenantPartition(tenantId), sk: `RETENTION#PURGE#${day}` };
  },
  purgeRunPrefix: 'RETENTION#PURGE#',
  /** Partitions a tenant deletion keeps: billing documents and metering evidence (BIL-9, DUN-6). */
  keptOnDeletion: (tenantId: string) => [keys.billingPartition(tenantId), keys.meterPartition(tenantId)],
} as const;
