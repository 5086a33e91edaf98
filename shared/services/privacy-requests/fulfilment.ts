import { requestTransition } from '../../domain/privacy-requests/lifecycle.ts';
import { RuleViolation } from '../../domain/rule-violation.ts';
import type { TenantAuth } from '../../http/auth.ts';
import { Problem } from '../../http/problem.ts';
import type { FulfilmentInput, OwedNotice, PrivacyRequest } from '../../model/privacy-request.ts';
import { privacyRequests } from '../../store/privacy-requests.ts';
import { subjectRepository } from '../../store/subjects.ts';
import type { TenantScope } from '../../store/tenant-scope.ts';
import type { ConditionFailed, UnitOfWork } from '../../store/unit-of-work.ts';
import { withdrawConsents } from '../consents.ts';
import { buildSubjectDocument, storeSubjectExport } from '../exports/subject-export.ts';
import { subjectRecipients } from '../disclosures.ts';
import { eraseSubject } from '../erasure.ts';
import { rectifySubject, restrictSubject } from '../subjects.ts';
import type { Decided } from './decisions.ts';
import { sendOwedNotices } from './notices.ts';
import { applyEvent, requireRequest } from './requests.ts';

interface Done {
  fulfilment: NonNullable<PrivacyRequest['fulfilment']>;
  owed: OwedNotice[];
  answerLink?: string;
  afterCommit?: () => Promise<void>;
  explainConflict?: (error: ConditionFailed) => Promise<never>;
}

/**
 * obligation: DSR-5, AUD-3 — everything held about the subject, with its requests and everyone
 * its data was disclosed to (Art. 15(1)(c)), recipients no longer active included.
 */
async function exportFor(scope: TenantScope, request: PrivacyRequest, subjectId: string, auth: TenantAuth, now: Date): Promise<Done> {
  const document = await buildSubjectDocument(scope, subjectId);
  const requests = [];
  for await (const r of privacyRequests(scope).ofSubject(subjectId)) requests.push(r);
  const { items: recipients } = await subjectRecipients(scope, subjectId, auth, now);
  const stored = await storeSubjectExport(scope, subjectId, { ...document, privacyRequests: requests, recipients }, { requestId: request.id, now });
  return { fulfilment: { exportId: stored.exportId, exportExpiresAt: stored.expiresAt }, owed: ['send-answer'], answerLink: stored.downloadUrl };
}

/**
 * obligation: DSR-5, DSR-6, DSR-7, DAT-4 — the platform carries the tenant's decision out in the
 * same transaction as the request's completion (the export, written before it, is found and
 * expired by its own record if that transaction fails). Restriction and objection take effect at
 * once: every route and job reads the subject's restriction and consents.
 */
async function carryOut(uow: UnitOfWork, scope: TenantScope, request: PrivacyRequest, input: FulfilmentInput, auth: TenantAuth, now: Date): Promise<Done> {
  const subjectId = request.subjectId;
  const stored = subjectId === undefined ? undefined : await subjectRepository(scope).get(subjectId);
  const live = stored?.kind === 'subject' ? stored : undefined;
  if (request.type === 'access' || request.type === 'portability') {
    // Art. 15(1): confirming that nothing is held is itself the answer, but only on the tenant's
    // word that it looked, or when the subject it named was erased; never because none was named.
    if (live) return exportFor(scope, request, subjectId!, auth, now);
    if (stored?.kind === 'tombstone' || input.noDataHeld === true) return { fulfilment: { noDataHeld: true }, owed: ['send-answer'] };
    throw new RuleViolation('noDataHeld', 'name the data subject at verification, or confirm with noDataHeld that nothing is held about the requester');
  }
  if (subjectId === undefined) throw new RuleViolation('subjectId', 'name the data subject at verification before fulfilling this request');
  if (!stored) throw new Problem('notFound', 'No such data subject');
  switch (request.type) {
    case 'erasure': {
      // obligation: RET-3 — a held subject is refused (409) and the request stays verified: the
      // tenant declines it on the ground `legal-exemption` or fulfils it once the hold is lifted.
      const { afterCommit, explainConflict } = await eraseSubject(uow, scope, subjectId, 'erasure', auth, now, stored);
      return { fulfilment: { changed: ['erased'] }, owed: ['notify-recipients', 'send-answer'], afterCommit, explainConflict };
    }
    case 'rectification': {
      if (!live) throw new Problem('gone', 'The data subject was erased');
      if (input.changes === undefined) throw new RuleViolation('changes', 'a rectification needs the changes to make');
      const { changed } = await rectifySubject(uow, scope, subjectId, input.changes, live.subject.version, auth, now, live);
      if (changed.length === 0) throw new RuleViolation('changes', 'the changes do not differ from the stored data');
      return { fulfilment: { changed }, owed: ['notify-recipients', 'send-answer'] };
    }
    case 'restriction': {
      if (!live) throw new Problem('gone', 'The data subject was erased');
      await restrictSubject(uow, scope, subjectId, `privacy request ${request.id}`, auth, now, live);
      return { fulfilment: { changed: ['restriction'] }, owed: ['notify-recipients', 'send-answer'] };
    }
    case 'objection': {
      if (!live) throw new Problem('gone', 'The data subject was erased');
      const purposes = await withdrawConsents(uow, scope, subjectId, input.purpose, 'objection', now);
      // Without a purpose the objection is to the processing as such: it stops at once (Art. 21(1)).
      if (input.purpose !== undefined) return { fulfilment: { purposes: [input.purpose] }, owed: ['send-answer'] };
      await restrictSubject(uow, scope, subjectId, `objection (Art. 21), privacy request ${request.id}`, auth, now, live);
      return { fulfilment: { purposes, changed: ['restriction'] }, owed: ['notify-recipients', 'send-answer'] };
    }
    case 'consent-withdrawal': {
      if (!live) throw new Problem('gone', 'The data subject was erased');
      const purposes = await withdrawConsents(uow, scope, subjectId, input.purpose, 'privacy-request', now);
      return { fulfilment: { purposes: input.purpose ? [input.purpose] : purposes }, owed: ['send-answer'] };
    }
  }
}

/** obligation: DSR-3 — the tenant decides to fulfil; only a verified request can be fulfilled (DSR-2). */
export async function fulfilRequest(
  uow: UnitOfWork,
  scope: TenantScope,
  requestId: string,
  input: FulfilmentInput,
  auth: TenantAuth,
  now: Date,
): Promise<Decided & Pick<Done, 'explainConflict'>> {
  const stored = await requireRequest(scope, requestId);
  const current = stored.request;
  if (!requestTransition(current.state, 'fulfilled')) {
    throw new Problem('conflict', current.state === 'received' ? 'The requester’s identity must be verified first' : `A request in state "${current.state}" cannot be fulfilled`);
  }
  const done = await carryOut(uow, scope, current, input, auth, now);
  const { request } = await applyEvent(
    uow,
    scope,
    stored,
    'fulfilled',
    () => ({
      set: { fulfilment: done.fulfilment, decision: { outcome: 'fulfilled', at: now.toISOString(), by: auth.actor } },
      owed: done.owed,
      fields: ['decision', 'fulfilment'],
      answer: { ...(done.answerLink ? { answerLink: done.answerLink } : {}), ...(input.message ? { answerMessage: input.message } : {}) },
    }),
    auth,
    now,
  );
  return {
    request,
    afterCommit: async () => {
      await done.afterCommit?.();
      await sendOwedNotices(scope, request.id);
    },
    ...(done.explainConflict === undefined ? {} : { explainConflict: done.explainConflict }),
  };
}
