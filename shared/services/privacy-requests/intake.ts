import type * as z from 'zod/mini';
import { linkSigningKey } from '../../clients/link-signing-key.ts';
import { runtime } from '../../config/runtime.ts';
import { intakeLinkToken, verifyIntakeLink } from '../../crypto/intake-links.ts';
import { CONFIRMATION_MAILS_PER_DAY, INTAKE_LINK_HOURS, RESUBMIT_WINDOW_MS, foldsInto, intakeExpiry, mailCountEnds, nextMailCount } from '../../domain/privacy-requests/intake.ts';
import { holdsData } from '../../domain/tenant.ts';
import type { TenantAuth } from '../../http/auth.ts';
import { Problem } from '../../http/problem.ts';
import type { createPrivacyRequestBody, intakeBody } from '../../model/privacy-request.ts';
import type { Language, Tenant } from '../../model/tenant.ts';
import { newId } from '../../ids.ts';
import { sendEmail } from '../../notices/email.ts';
import { intakeConfirmationEmail } from '../../notices/templates/privacy-request-intake.ts';
import { logger } from '../../powertools/logger.ts';
import { INTAKE_WRITE, privacyRequestIntakes } from '../../store/privacy-request-intakes.ts';
import type { PendingIntake } from '../../store/privacy-request-intakes.ts';
import { privacyRequests } from '../../store/privacy-requests.ts';
import { tenants } from '../../store/tenants.ts';
import { TenantScope } from '../../store/tenant-scope.ts';
import { ConditionFailed, UnitOfWork } from '../../store/unit-of-work.ts';
import { requireSubject } from '../subjects.ts';
import { sendOwedNotices } from './notices.ts';
import { requireTenant } from '../tenants.ts';
import { recordRequest, requesterHmacOf } from './requests.ts';

/** obligation: DSR-1, DSR-2 — a request the tenant received, recorded with its receipt time. */
export async function createRequest(uow: UnitOfWork, scope: TenantScope, input: z.infer<typeof createPrivacyRequestBody>, auth: TenantAuth, now: Date) {
  const tenant = await requireTenant(scope);
  if (input.subjectId !== undefined) await requireSubject(scope, input.subjectId);
  return recordRequest(
    uow,
    scope,
    {
      type: input.type,
      channel: input.channel,
      receivedAt: input.receivedAt === undefined ? now : new Date(input.receivedAt),
      requesterEmail: input.requester.email,
      language: input.requester.language ?? tenant.language,
      ...(input.subjectId ? { subjectId: input.subjectId } : {}),
      ...(input.details ? { details: input.details } : {}),
      owed: [],
    },
    auth,
    now,
  );
}

const RECEIPT = {
  sl: `Hvala. Če organizacija s tem identifikatorjem uporablja Skrbnik, na navedeni naslov pošljemo povezavo (istemu naslovu največ ${CONFIRMATION_MAILS_PER_DAY} na dan). Zahtevo ji posredujemo šele, ko jo na tej povezavi potrdite, v ${INTAKE_LINK_HOURS} urah; do takrat je ne dobi nihče drug. Skrbnik podatke obdeluje po naročilu organizacije in na zahteve ne odgovarja sam.`,
  en: `Thank you. If the organisation with this id uses Skrbnik, we send a link to the address you gave (at most ${CONFIRMATION_MAILS_PER_DAY} a day to one address). Your request is forwarded to the organisation only once you confirm it with that link, within ${INTAKE_LINK_HOURS} hours; until then nobody else receives it. Skrbnik processes data on the organisation's behalf and does not answer requests itself.`,
} as const;

/**
 * obligation: DSR-8, CON-1 — a form sent to the vendor is kept as a pending form, and its sender
 * is e-mailed a signed, single-use link that expires; nobody else hears of it, and no deadline
 * runs, until the link is confirmed. The answer is the same whatever happened — a new form, the
 * same form again, an organisation id nobody uses (or one whose data is being deleted, DUN-5),
 * an address whose e-mails for the day are spent — so it tells no one whether an organisation,
 * a request or a person exists. It never says which, not even in its language (the form's own,
 * never the tenant's). Whatever cannot go through is dropped: the writes are this operation's own
 * transaction, so a lost race answers alike too.
 */
export async function submitIntake(input: z.infer<typeof intakeBody>, now: Date) {
  const receipt = { message: RECEIPT[input.language ?? 'en'], confirmWithinHours: INTAKE_LINK_HOURS };
  const scope = TenantScope.named(input.tenantId);
  const tenant = await tenants.get(scope);
  if (!tenant || !holdsData(tenant)) return receipt;
  const store = privacyRequestIntakes(scope);
  const requesterHmac = await requesterHmacOf(scope, input.email);
  const mails = await store.mailCount(requesterHmac);
  const counted = nextMailCount(mails, now);
  if (!counted) return receipt;
  // Whole seconds: the link carries its expiry, and the form must expire with it.
  const expiresAt = new Date(Math.floor(intakeExpiry(now).getTime() / 1000) * 1000);
  const intake: PendingIntake = {
    id: newId(now),
    type: input.type,
    language: input.language ?? tenant.language,
    requesterHmac,
    state: 'pending',
    email: input.email,
    message: input.message,
    createdAt: now.toISOString(),
    expiresAt: expiresAt.toISOString(),
  };
  // The e-mail is made before anything is written: a link that cannot be made stores nothing.
  const token = intakeLinkToken(await linkSigningKey(), { tenantId: scope.tenantId, intakeId: intake.id, expiresAt });
  const mail = intakeConfirmationEmail(intake.language, {
    controllerName: tenant.name,
    type: intake.type,
    confirmUrl: `${runtime.publicBaseUrl}/v1/public/privacy-request-confirmations/${token}`,
    expiresAt: intake.expiresAt,
  });
  const uow = new UnitOfWork();
  store.create(uow, intake);
  store.countMail(uow, requesterHmac, mails, counted, mailCountEnds(counted));
  tenants.mustExist(uow, scope);
  try {
    await uow.commit();
  } catch (error) {
    if (error instanceof ConditionFailed) return receipt;
    throw error;
  }
  try {
    // The link lives only in this e-mail: nothing stored holds it.
    await sendEmail({ to: [input.email], ...mail });
  } catch (error) {
    // The person gets no link and the form expires unconfirmed; sending it again sends a new one.
    logger.error('intake confirmation e-mail not sent', { errorName: (error as Error).name });
  }
  return receipt;
}

type LinkFailure = 'invalid' | 'used' | 'expired';

class IntakeLinkRefused extends Problem {
  constructor(failure: LinkFailure) {
    super(
      failure === 'invalid' ? 'notFound' : failure === 'used' ? 'linkUsed' : 'linkExpired',
      {
        invalid: 'This link is not valid',
        used: 'This request was confirmed already; nothing was changed',
        expired: 'This link has expired; nothing was changed',
      }[failure],
    );
  }
}

interface IntakeContext {
  scope: TenantScope;
  tenant: Tenant;
  intake: PendingIntake;
}

/** The form a link belongs to, or why the link is refused: forged, expired (whatever became of the form), or its form gone. */
async function openIntakeLink(token: string, now: Date): Promise<IntakeContext> {
  const link = verifyIntakeLink(await linkSigningKey(), token);
  if (!link) throw new IntakeLinkRefused('invalid');
  if (now.getTime() >= link.expiresAt.getTime()) throw new IntakeLinkRefused('expired');
  // The signature is the right to act for this tenant: only our key makes one.
  const scope = TenantScope.named(link.tenantId);
  const tenant = await tenants.get(scope);
  if (!tenant || !holdsData(tenant)) throw new IntakeLinkRefused('invalid');
  const intake = await privacyRequestIntakes(scope).get(link.intakeId);
  if (!intake) throw new IntakeLinkRefused('invalid');
  return { scope, tenant, intake };
}

export interface IntakePage {
  language: Language;
  controllerName: string;
  type: PendingIntake['type'];
  /** While pending: the message, for the person to see before confirming. */
  message?: string;
  /** Once confirmed: the request it became and its last day. */
  forwarded?: { reference: string; dueOn: string };
}

function pageOf({ tenant, intake }: IntakeContext): IntakePage {
  const base = { language: intake.language, controllerName: tenant.name, type: intake.type };
  if (intake.state === 'confirmed') return { ...base, forwarded: { reference: intake.requestId!, dueOn: intake.dueOn! } };
  return { ...base, message: intake.message ?? '' };
}

/** GET of the link: the page with the button, or what the confirmation did; nothing changes (mail scanners fetch links). */
export async function viewIntakeLink(token: string, now: Date): Promise<IntakePage> {
  return pageOf(await openIntakeLink(token, now));
}

/**
 * obligation: DSR-8, DSR-2, DSR-4, SEC-5 — the person's confirmation (the button's POST): only now
 * is the request recorded in the tenant's requests (received now, its deadline running from now)
 * and forwarded to the tenant's data protection contact, in one transaction with the form
 * becoming confirmed, which holds only from `pending` and before the expiry. So it happens once:
 * a second click, a retry or a reload shows the same page and writes nothing, and of two clicks
 * at once one wins and the other is told the request was confirmed already. A confirmation within
 * a day of the same address's open request of the same type (a form sent twice) is folded into
 * that request: neither forwarded twice nor counted as a repeat.
 */
export async function confirmIntakeLink(uow: UnitOfWork, token: string, now: Date) {
  const ctx = await openIntakeLink(token, now);
  const { scope, intake } = ctx;
  if (intake.state === 'confirmed') return { page: pageOf(ctx), afterCommit: async () => {} };
  const earlier = await privacyRequests(scope).latestBy({ requesterHmac: intake.requesterHmac }, new Date(now.getTime() - RESUBMIT_WINDOW_MS), now);
  const folded = earlier !== undefined && foldsInto(earlier, intake.type, now) ? earlier : undefined;
  const request =
    folded ??
    (await recordRequest(
      uow,
      scope,
      {
        type: intake.type,
        channel: 'vendor-intake',
        receivedAt: now,
        requesterEmail: intake.email!,
        language: intake.language,
        details: intake.message!,
        owed: ['forward-to-tenant'],
      },
      { actor: 'public:intake' },
      now,
    ));
  privacyRequestIntakes(scope).confirm(uow, intake.id, { requestId: request.id, dueOn: request.dueOn }, now);
  tenants.mustExist(uow, scope);
  const page: IntakePage = { language: intake.language, controllerName: ctx.tenant.name, type: intake.type, forwarded: { reference: request.id, dueOn: request.dueOn } };
  return {
    page,
    // The forward is owed on the request: sent now, or by the hourly job if this is cut short.
    afterCommit: folded ? async () => {} : async () => void (await sendOwedNotices(scope, request.id)),
    explainConflict: async (error: ConditionFailed): Promise<never> => {
      if (error.label !== INTAKE_WRITE) throw error;
      // Another click confirmed it (or the link expired) between the read and the write.
      const current = await privacyRequestIntakes(scope).get(intake.id);
      throw new IntakeLinkRefused(current?.state === 'confirmed' ? 'used' : 'expired');
    },
  };
}
