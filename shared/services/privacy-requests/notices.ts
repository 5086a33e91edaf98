import { localDateOf } from '../../domain/billing/calendar.ts';
import { isOpen } from '../../domain/privacy-requests/lifecycle.ts';
import { formatMoney } from '../../documents/money.ts';
import type { OwedNotice, PrivacyRequest } from '../../model/privacy-request.ts';
import type { Tenant } from '../../model/tenant.ts';
import { holdsData, recipientsFor } from '../../domain/tenant.ts';
import { sendNoticeOnceWithReceipt } from '../../notices/outbox.ts';
import type { Notice, Receipt } from '../../notices/outbox.ts';
import {
  answerNotice,
  extensionNotice,
  feeNotice,
  forwardedRequestNotice,
  refusalNotice,
} from '../../notices/templates/privacy-request.ts';
import type { RequestFacts } from '../../notices/templates/privacy-request.ts';
import { ConditionFailed, UnitOfWork } from '../../store/unit-of-work.ts';
import { REQUEST_CHANGED, privacyRequests } from '../../store/privacy-requests.ts';
import type { StoredRequest } from '../../store/privacy-requests.ts';
import { tenants } from '../../store/tenants.ts';
import type { TenantScope } from '../../store/tenant-scope.ts';
import { notifyRecipientsOfChange } from '../disclosures.ts';
import { outcomeLines } from './outcome.ts';

export function factsOf(tenant: Tenant, request: PrivacyRequest): RequestFacts {
  return {
    tenantName: tenant.name,
    tenantCountry: tenant.country,
    reference: request.id,
    type: request.type,
    receivedOn: localDateOf(new Date(request.receivedAt)),
  };
}

/** Messages to the requester come from the tenant (by name) and replies reach its data protection contact. */
function toRequester(tenant: Tenant, request: PrivacyRequest, kind: OwedNotice, message: { subject: string; text: string; html: string }): Notice | undefined {
  if (request.requester.email === undefined) return undefined;
  return {
    kind: `privacy-request#${kind}`,
    subjectId: request.id,
    recipients: [{ role: 'data-subject', address: request.requester.email }],
    // The request drops the address once answered; the notice log must not keep it instead (DSR-6).
    logAddresses: false,
    senderName: tenant.name,
    replyTo: [recipientsFor(tenant, ['dataProtection'])[0]!.address],
    ...message,
  };
}

/** Which change an Art. 19 notice reports (DSR-7); objection stops processing like a restriction. */
const CHANGE_OF: Partial<Record<PrivacyRequest['type'], 'rectification' | 'erasure' | 'restriction'>> = {
  rectification: 'rectification',
  erasure: 'erasure',
  restriction: 'restriction',
  objection: 'restriction',
};

async function send(scope: TenantScope, tenant: Tenant, stored: StoredRequest, kind: OwedNotice): Promise<Receipt | { outcome: 'sent'; sentAt: string }> {
  const { request } = stored;
  const language = request.requester.language;
  const facts = factsOf(tenant, request);
  switch (kind) {
    case 'tell-extension': {
      const e = request.extension!;
      return deliver(scope, toRequester(tenant, request, kind, extensionNotice(language, facts, { months: e.months, reason: e.reason, dueOn: request.dueOn })));
    }
    case 'tell-fee': {
      const fee = request.fee!;
      const message = feeNotice(language, facts, { amount: formatMoney(fee.amountCents, fee.currency, language), explanation: fee.explanation });
      return deliver(scope, toRequester(tenant, request, kind, message));
    }
    case 'send-answer':
      return deliver(scope, toRequester(tenant, request, kind, answerNotice(language, facts, { lines: outcomeLines(language, request, stored.answerLink), ...(stored.answerMessage ? { message: stored.answerMessage } : {}) })));
    case 'send-refusal':
      return deliver(scope, toRequester(tenant, request, kind, refusalNotice(language, facts, request.decision!.reason!)));
    case 'forward-to-tenant': {
      const message = forwardedRequestNotice(tenant.language, {
        ...facts,
        requesterEmail: request.requester.email ?? '',
        message: request.details ?? '',
        dueOn: request.dueOn,
      });
      return deliver(scope, { kind: `privacy-request#${kind}`, subjectId: request.id, recipients: recipientsFor(tenant, ['dataProtection']), ...message });
    }
    case 'notify-recipients': {
      const change = CHANGE_OF[request.type];
      if (change === undefined || request.subjectId === undefined) return { outcome: 'sent', sentAt: new Date().toISOString() };
      await notifyRecipientsOfChange(scope, request.subjectId, change, {
        requestId: request.id,
        ...(request.fulfilment?.changed ? { changedFields: request.fulfilment.changed } : {}),
        now: new Date(request.updatedAt),
      });
      return { outcome: 'sent', sentAt: new Date().toISOString() };
    }
  }
}

async function deliver(scope: TenantScope, notice: Notice | undefined): Promise<Receipt> {
  // The address was already dropped: the answer went out before (a rerun after a crash).
  if (notice === undefined) return { outcome: 'already-sent' };
  return sendNoticeOnceWithReceipt(scope, notice);
}

/** Notices that need the requester's address; once none is owed, a closed request drops it. */
const NEEDS_ADDRESS: readonly OwedNotice[] = ['tell-extension', 'tell-fee', 'send-answer', 'send-refusal', 'forward-to-tenant'];

/**
 * Sends what the request owes, each once (the outbox keeps the record), and settles the request:
 * what went out leaves `owed` and is stamped in `told`. A closed request with nothing owed keeps
 * no address, text or link of the requester (data minimisation); type, dates, decisions stay.
 * Runs after the commit that decided it, and from the job when that was cut short.
 */
export async function sendOwedNotices(
  scope: TenantScope,
  requestId: string,
  read: { tenant?: Tenant; stored?: StoredRequest } = {},
): Promise<{ sent: number; pending: number }> {
  // A tenant being deleted loses its requests with the rest of its data: nothing is sent for them.
  const tenant = read.tenant ?? (await tenants.get(scope));
  if (!tenant || !holdsData(tenant)) return { sent: 0, pending: 0 };
  for (let attempt = 0; attempt < 3; attempt++) {
    // The job passes the request it just read; after a lost race it is read again.
    const stored = attempt === 0 && read.stored ? read.stored : await privacyRequests(scope).get(requestId);
    if (!stored) return { sent: 0, pending: 0 };
    const holdsAddress = stored.request.requester.email !== undefined || stored.request.details !== undefined;
    if (stored.request.owed.length === 0 && (isOpen(stored.request.state) || !holdsAddress)) return { sent: 0, pending: 0 };
    const told: Record<string, string> = {};
    const remaining: OwedNotice[] = [];
    for (const kind of stored.request.owed) {
      const receipt = await send(scope, tenant, stored, kind);
      if (receipt.outcome === 'in-flight') remaining.push(kind);
      else told[kind] = receipt.sentAt ?? new Date().toISOString();
    }
    const request: PrivacyRequest = { ...stored.request, told: { ...stored.request.told, ...told }, owed: remaining, version: stored.request.version + 1 };
    const settled = !isOpen(request.state) && !remaining.some((k) => NEEDS_ADDRESS.includes(k));
    const { email: _email, ...requester } = request.requester;
    const { details: _details, ...withoutDetails } = request;
    const next: StoredRequest = settled
      ? { request: { ...withoutDetails, requester }, requesterHmac: stored.requesterHmac }
      : { request, requesterHmac: stored.requesterHmac, ...(stored.answerLink ? { answerLink: stored.answerLink } : {}), ...(stored.answerMessage ? { answerMessage: stored.answerMessage } : {}) };
    const uow = new UnitOfWork();
    privacyRequests(scope).replace(uow, next, stored.request.version);
    try {
      await uow.commit();
      return { sent: Object.keys(told).length, pending: remaining.length };
    } catch (error) {
      // A decision landed in between: read it again; the outbox keeps what went out from going twice.
      if (!(error instanceof ConditionFailed && error.label === REQUEST_CHANGED)) throw error;
    }
  }
  return { sent: 0, pending: 1 };
}
