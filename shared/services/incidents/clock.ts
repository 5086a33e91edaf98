import { runtime } from '../../config/runtime.ts';
import { clockReminderDue, filingDeadline, firstFiling } from '../../domain/incidents/breach-clock.ts';
import { RuleViolation } from '../../domain/rule-violation.ts';
import { contactFor, holdsData } from '../../domain/tenant.ts';
import type { OperatorAuth, TenantAuth } from '../../http/auth.ts';
import { Problem } from '../../http/problem.ts';
import type { Clock, Filing, Incident } from '../../model/incident.ts';
import type { Language } from '../../model/tenant.ts';
import { sendNoticeOnce, sendVendorNoticeOnce } from '../../notices/outbox.ts';
import { authorityNotification, clockReminderNotice } from '../../notices/templates/breach.ts';
import { newId } from '../../ids.ts';
import { recordAudit } from '../../store/audit.ts';
import { incidents, isToldTo } from '../../store/incidents.ts';
import { TenantScope } from '../../store/tenant-scope.ts';
import { tenants } from '../../store/tenants.ts';
import type { UnitOfWork } from '../../store/unit-of-work.ts';
import { VENDOR_CONTROLLER, requireIncident } from './register.ts';

interface BreachContacts {
  responders: string[];
  supervisoryAuthority: { name: string; email: string; language: Language };
}

export function breachContacts(): BreachContacts {
  return JSON.parse(runtime.breachContacts) as BreachContacts;
}

/** The notification as the authority would receive it now (BRE-4: prepared with the Art. 33(3) contents). */
export function preparedNotification(incident: Incident, clock: Clock | undefined, controller: string, lateReason: string | undefined, now: Date) {
  const late = clock?.late ?? (clock !== undefined && now.getTime() > Date.parse(clock.deadline));
  return authorityNotification(breachContacts().supervisoryAuthority.language, { ...incident, late, lateReason, controller });
}

/**
 * obligation: BRE-4 — the vendor's filing with the supervisory authority: by e-mail to the
 * configured authority contact (the prepared notification, sent once), or the reference of a
 * filing made in the authority's portal. After 72 hours it must carry the reasons for the delay;
 * whether it was late is decided by the first filing and kept.
 */
export async function fileForVendor(
  uow: UnitOfWork,
  incidentId: string,
  input: { channel: 'email' | 'portal'; reference?: string | undefined; lateReason?: string | undefined },
  auth: OperatorAuth,
  now: Date,
): Promise<{ filing: Filing; afterCommit: () => Promise<void> }> {
  const incident = await requireIncident(incidentId);
  const clock = await incidents.clock(incidentId, VENDOR_CONTROLLER);
  if (!clock) throw new Problem('conflict', 'The vendor is not controller of this data: the tenants file, not the vendor');
  if (input.channel === 'portal' && input.reference === undefined) throw new RuleViolation('reference', "is required for a filing made in the authority's portal", 'body');
  const { late } = clock.firstFiledAt === undefined ? firstFiling(clock.deadline, now, input.lateReason) : { late: clock.late ?? false };
  const { filing, clock: filed } = recordFiling(uow, incidentId, clock, { id: newId(now), controller: VENDOR_CONTROLLER, channel: input.channel, late, by: auth.actor, reference: input.reference, lateReason: input.lateReason }, now);
  // Recorded first, sent after the commit, once per filing: a failed commit sends nothing, and the
  // breach-clock job sends a recorded e-mail filing a crash left unsent.
  return { filing, afterCommit: async () => (input.channel === 'email' ? sendFiling(incident, filing, filed) : undefined) };
}

/**
 * obligation: BRE-4 — an e-mail filing to the supervisory authority, sent once, its SES id kept on
 * the filing. The caller holds the incident, the filing and its controller's clock (as committed).
 */
export async function sendFiling(incident: Incident, filing: Filing, clock: Clock | undefined): Promise<void> {
  if (filing.messageId !== undefined) return;
  const authority = breachContacts().supervisoryAuthority;
  const message = preparedNotification(incident, clock, 'the vendor', filing.lateReason, new Date(filing.at));
  const kind = `breach-filing-${incident.id}`;
  const { outcome, messageId } = await sendVendorNoticeOnce({ kind, subjectId: filing.id, recipients: [{ role: 'supervisory-authority', address: authority.email }], ...message });
  if (outcome === 'in-flight') return;
  if (messageId) await incidents.setFilingMessageId(incident.id, filing, messageId);
}

/** An e-mail filing a crash left unsent: its clock is read only then (the breach-clock job). */
export async function sendUnsentFiling(incident: Incident, filing: Filing): Promise<void> {
  if (filing.channel !== 'email' || filing.messageId !== undefined) return;
  await sendFiling(incident, filing, await incidents.clock(incident.id, filing.controller));
}

function recordFiling(
  uow: UnitOfWork,
  incidentId: string,
  clock: Clock,
  f: { id: string; controller: string; channel: 'email' | 'portal'; late: boolean; by: string; messageId?: string | undefined; reference?: string | undefined; lateReason?: string | undefined },
  now: Date,
): { filing: Filing; clock: Clock } {
  const at = now.toISOString();
  const filing: Filing = {
    id: f.id,
    controller: f.controller,
    channel: f.channel,
    at,
    late: f.late,
    by: f.by,
    ...(f.reference === undefined ? {} : { reference: f.reference }),
    ...(f.lateReason === undefined ? {} : { lateReason: f.lateReason }),
    ...(f.messageId === undefined ? {} : { messageId: f.messageId }),
  };
  incidents.addFiling(uow, incidentId, filing);
  if (clock.firstFiledAt === undefined) {
    const filed = { ...clock, firstFiledAt: at, late: f.late };
    incidents.fileClock(uow, incidentId, filed);
    return { filing, clock: filed };
  }
  return { filing, clock };
}

/** The incident as a tenant may see it: only one that names it, notified directly. */
async function tenantsIncident(incidentId: string, tenantId: string): Promise<Incident> {
  const incident = await incidents.toldTo(incidentId, tenantId);
  if (!incident) throw new Problem('notFound', 'No such incident');
  return incident;
}

/**
 * obligation: BRE-4 — on request the platform keeps a tenant's own 72-hour clock: the controller
 * became aware when the vendor's first notice reached it.
 */
export async function startTenantClock(uow: UnitOfWork, incidentId: string, auth: TenantAuth, now: Date): Promise<Clock> {
  await tenantsIncident(incidentId, auth.tenantId);
  const existing = await incidents.clock(incidentId, auth.tenantId);
  if (existing) return existing;
  // The register's own evidence of the first notice to this tenant's data protection contact.
  const first = await incidents.notifiedOf(incidentId, { tenantId: auth.tenantId, phase: 1, channel: 'email', role: 'dataProtection' });
  const awareAt = first?.sentAt ?? now.toISOString();
  const clock: Clock = { controller: auth.tenantId, awareAt, deadline: filingDeadline(awareAt) };
  incidents.saveClock(uow, incidentId, clock, true);
  recordAudit(uow, TenantScope.ofTenant(auth), { actor: auth.actor, action: 'create', entity: 'breach-clock', entityId: incidentId, fields: ['awareAt', 'deadline'], at: now });
  return clock;
}

/** obligation: BRE-4 — the tenant records its own filing (made in its authority's portal). */
export async function fileForTenant(uow: UnitOfWork, incidentId: string, input: { reference: string; lateReason?: string | undefined }, auth: TenantAuth, now: Date): Promise<Filing> {
  await tenantsIncident(incidentId, auth.tenantId);
  const clock = await incidents.clock(incidentId, auth.tenantId);
  if (!clock) throw new Problem('conflict', 'Start the clock first: POST /v1/incidents/{incidentId}/clock');
  const { late } = clock.firstFiledAt === undefined ? firstFiling(clock.deadline, now, input.lateReason) : { late: clock.late ?? false };
  const { filing } = recordFiling(uow, incidentId, clock, { id: newId(now), controller: auth.tenantId, channel: 'portal', late, by: auth.actor, reference: input.reference, lateReason: input.lateReason }, now);
  recordAudit(uow, TenantScope.ofTenant(auth), { actor: auth.actor, action: 'create', entity: 'breach-filing', entityId: filing.id, fields: ['reference', 'lateReason'], at: now });
  return filing;
}

/** What a tenant sees: the incidents that name it, as notified, with its own clock and filings. */
export async function incidentsForTenant(auth: TenantAuth) {
  const seen = [];
  for await (const incident of incidents.each()) {
    if (!isToldTo(incident, auth.tenantId)) continue;
    const [phases, clock, filings] = await Promise.all([incidents.phases(incident.id), incidents.clock(incident.id, auth.tenantId), incidents.filings(incident.id)]);
    seen.push({
      id: incident.id,
      title: incident.title,
      awareAt: incident.awareAt,
      phases,
      ...(clock ? { clock } : {}),
      filings: filings.filter((f) => f.controller === auth.tenantId),
    });
  }
  return { items: seen };
}

/**
 * obligation: BRE-4 — escalating reminders (24, 48, 66 hours) for every clock without a first
 * filing: the vendor's to its responders, a tenant's to its data protection contact. Once each.
 * `read` holds the incidents the caller has already read in this run (the breach-clock job's walk).
 */
export async function sendClockReminders(now: Date, read: ReadonlyMap<string, Incident> = new Map()): Promise<{ remindersSent: number }> {
  let remindersSent = 0;
  for await (const clock of incidents.openClocks()) {
    const hours = clockReminderDue(clock.awareAt, now, clock.firstFiledAt !== undefined);
    if (hours === undefined) continue;
    const incident = read.get(clock.incidentId) ?? (await incidents.get(clock.incidentId));
    if (!incident) continue;
    const kind = `breach-clock-${clock.incidentId}-${hours}h`;
    if (clock.controller === VENDOR_CONTROLLER) {
      const message = clockReminderNotice('en', { title: incident.title, hours, deadline: clock.deadline, incidentId: incident.id });
      // One record per responder (by position, never the address in a key): a failure resends nobody else.
      for (const [i, address] of breachContacts().responders.entries()) {
        const { outcome } = await sendVendorNoticeOnce({ kind, subjectId: `responder-${i}`, recipients: [{ role: 'responder', address }], ...message });
        if (outcome === 'sent') remindersSent++;
      }
      continue;
    }
    const tenant = await tenants.get(TenantScope.named(clock.controller));
    if (!tenant || !holdsData(tenant)) continue;
    const message = clockReminderNotice(tenant.language, { title: incident.title, hours, deadline: clock.deadline, incidentId: incident.id });
    const address = contactFor(tenant, 'dataProtection').email;
    const outcome = await sendNoticeOnce(TenantScope.named(tenant.id), { kind, subjectId: 'dataProtection', recipients: [{ role: 'dataProtection', address }], ...message });
    if (outcome === 'sent') remindersSent++;
  }
  return { remindersSent };
}
