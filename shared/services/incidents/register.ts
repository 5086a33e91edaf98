import { checkAwareness, checkDecision, filingDeadline } from '../../domain/incidents/breach-clock.ts';
import { RuleViolation } from '../../domain/rule-violation.ts';
import { checkPublicTexts } from '../../domain/breach-communication.ts';
import type { OperatorAuth } from '../../http/auth.ts';
import { Problem } from '../../http/problem.ts';
import type { BreachFacts, CreateIncidentInput, Incident, Phase } from '../../model/incident.ts';
import type * as z from 'zod/mini';
import type { addPhaseBody, publicNoticeBody } from '../../model/incident.ts';
import { newId } from '../../ids.ts';
import { incidents } from '../../store/incidents.ts';
import { publishEntry } from '../../store/status-feed.ts';
import { tenants } from '../../store/tenants.ts';
import type { UnitOfWork } from '../../store/unit-of-work.ts';

/** The vendor's own 72-hour clock, when it is controller of the data (BRE-4). */
export const VENDOR_CONTROLLER = 'vendor';

function factsOf(input: BreachFacts): BreachFacts {
  const { title, types, nature, dataCategories, subjectCategories, dataSubjects, records, likelyConsequences, measures, contactPoint, rootCause, remediation } = input;
  return {
    title,
    types: [...new Set(types)],
    nature,
    dataCategories,
    subjectCategories,
    dataSubjects,
    records,
    likelyConsequences,
    measures,
    contactPoint,
    ...(rootCause === undefined ? {} : { rootCause }),
    ...(remediation === undefined ? {} : { remediation }),
  };
}

export async function requireIncident(incidentId: string): Promise<Incident> {
  const incident = await incidents.get(incidentId);
  if (!incident) throw new Problem('notFound', 'No such incident');
  return incident;
}

/**
 * obligation: BRE-1 — every incident is registered, notified or not: its types, detection and
 * awareness (a gap needs a reason), the affected tenants, the Art. 33(3) facts, and the
 * notification decision with its reason. Phase 1 is the facts as first recorded; the vendor's
 * 72-hour clock starts when it is controller of the data (BRE-4).
 */
export async function recordIncident(uow: UnitOfWork, input: CreateIncidentInput, auth: OperatorAuth, now: Date) {
  checkAwareness(input.detectedAt, input.awareAt, input.awarenessGapReason);
  checkDecision(input.notification.decision, input.notification.reason);
  if (Date.parse(input.awareAt) > now.getTime()) throw new RuleViolation('awareAt', 'must not lie in the future', 'body');
  const affected = [...new Set(input.affectedTenantIds)];
  const known = await tenants.states(affected);
  if (affected.some((tenantId) => !known.has(tenantId))) throw new RuleViolation('affectedTenantIds', 'names a tenant that does not exist', 'body');
  const at = now.toISOString();
  const facts = factsOf(input);
  const incident: Incident = {
    id: newId(now),
    ...facts,
    detectedAt: new Date(input.detectedAt).toISOString(),
    awareAt: new Date(input.awareAt).toISOString(),
    ...(input.awarenessGapReason === undefined ? {} : { awarenessGapReason: input.awarenessGapReason }),
    affectedTenantIds: affected,
    vendorIsController: input.vendorIsController,
    notification: {
      decision: input.notification.decision,
      ...(input.notification.reason === undefined ? {} : { reason: input.notification.reason }),
      decidedAt: at,
      decidedBy: auth.actor,
    },
    phase: 1,
    createdAt: at,
    updatedAt: at,
    version: 1,
  };
  const phase: Phase = { number: 1, at, by: auth.actor, summary: 'Initial record', facts };
  incidents.save(uow, incident, 0);
  incidents.addPhase(uow, incident.id, phase);
  // Not notifying is the Art. 33(1) exception (no likely risk): no filing is due, so no clock runs.
  if (incident.vendorIsController && incident.notification.decision !== 'not-notified') {
    incidents.saveClock(uow, incident.id, { controller: VENDOR_CONTROLLER, awareAt: incident.awareAt, deadline: filingDeadline(incident.awareAt) }, true);
  }
  return { incident, phase };
}

/**
 * obligation: BRE-2, BRE-6 — a later phase (new facts, root cause, remediation) is a new record;
 * what earlier phases said, and what was sent with them, is never edited.
 */
export async function addPhase(uow: UnitOfWork, incidentId: string, input: z.output<typeof addPhaseBody>, auth: OperatorAuth, now: Date) {
  const incident = await requireIncident(incidentId);
  const { summary, ...changes } = input;
  const current = factsOf(incident);
  const facts = factsOf({ ...current, ...Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined)) } as BreachFacts);
  const at = now.toISOString();
  const phase: Phase = { number: incident.phase + 1, at, by: auth.actor, summary, facts };
  const next: Incident = { ...incident, ...facts, phase: phase.number, updatedAt: at, version: incident.version + 1 };
  incidents.save(uow, next, incident.version);
  incidents.addPhase(uow, incident.id, phase);
  return { incident: next, phase };
}

export async function incidentDetail(incidentId: string) {
  const detail = await incidents.detail(incidentId);
  if (!detail) throw new Problem('notFound', 'No such incident');
  const { incident, ...records } = detail;
  return { ...incident, ...records };
}

/**
 * obligation: BRE-3 — where direct notice would take disproportionate effort, a public notice on
 * the status page instead; the choice and its reason are recorded on the register entry.
 */
export async function publishNotice(uow: UnitOfWork, incidentId: string, input: z.output<typeof publicNoticeBody>, auth: OperatorAuth, now: Date) {
  const incident = await requireIncident(incidentId);
  const at = now.toISOString();
  if (incident.publicNotice) throw new Problem('conflict', 'This incident already has its public notice; record news as a phase');
  checkPublicTexts({ 'title.sl': input.title.sl, 'title.en': input.title.en, 'body.sl': input.body.sl, 'body.en': input.body.en });
  // Tenants already told directly stay told (their view, clocks and later phases go on); a public
  // notice then comes in addition. Otherwise it replaces direct notices, with its reason (BRE-3).
  const decision = incident.notification.decision === 'notify' ? incident.notification : { decision: 'public' as const, reason: input.reason, decidedAt: at, decidedBy: auth.actor };
  const next: Incident = {
    ...incident,
    notification: decision,
    publicNotice: { title: input.title, body: input.body, publishedAt: at },
    updatedAt: at,
    version: incident.version + 1,
  };
  incidents.save(uow, next, incident.version);
  // The status page shows it from now on; the entry commits with the decision it carries out.
  await publishEntry(uow, { id: newId(now), kind: 'incident-notice', title: input.title, body: input.body, publishedAt: at });
  return next;
}
