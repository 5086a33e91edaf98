import type { Incident, Phase } from '../../shared/model/incident.ts';
import { newId } from '../../shared/ids.ts';
import { incidents } from '../../shared/store/incidents.ts';
import { UnitOfWork } from '../../shared/store/unit-of-work.ts';

/**
 * Incidents for Art. 34 tests, written through the register's store as the operator's routes
 * would write them (an incident entry and its first phase).
 */
export async function incidentAffecting(tenantIds: string[], now = new Date()): Promise<Incident> {
  const at = new Date(now.getTime() - 3_600_000).toISOString();
  const facts = {
    title: 'Misdirected payroll export',
    types: ['confidentiality' as const],
    nature: 'A payroll export was sent to the wrong recipient.',
    dataCategories: ['names', 'salaries'],
    subjectCategories: ['employees'],
    dataSubjects: { approximately: 500, estimate: true },
    records: { approximately: 500, estimate: true },
    likelyConsequences: 'Disclosure of salaries to one outside person.',
    measures: 'The recipient confirmed deletion.',
    contactPoint: { name: 'Vendor DPO', email: 'dpo@vendor.example' },
  };
  const incident: Incident = {
    id: newId(now),
    ...facts,
    detectedAt: at,
    awareAt: at,
    affectedTenantIds: tenantIds,
    vendorIsController: false,
    notification: { decision: 'notify', decidedAt: at, decidedBy: 'operator:test' },
    phase: 1,
    createdAt: at,
    updatedAt: at,
    version: 1,
  };
  const phase: Phase = { number: 1, at, by: 'operator:test', summary: 'Initial record', facts };
  const uow = new UnitOfWork();
  incidents.save(uow, incident, 0);
  incidents.addPhase(uow, incident.id, phase);
  await uow.commit();
  return incident;
}

/** Adds a tenant to an incident's affected tenants, as a later register update would. */
export async function addAffectedTenant(incidentId: string, tenantId: string): Promise<void> {
  const incident = await incidents.get(incidentId);
  if (!incident) throw new Error('no such incident');
  const uow = new UnitOfWork();
  incidents.save(uow, { ...incident, affectedTenantIds: [...incident.affectedTenantIds, tenantId], version: incident.version + 1 }, incident.version);
  await uow.commit();
}

let shared: Promise<string> = Promise.resolve('');

/**
 * One incident per test file that names every tenant seeded in it, so that any fixture's key may
 * write about it: a route walk that sends one tenant's sample body with another tenant's key
 * then still reaches the tenant's own data. Seeding calls come one after another.
 */
export function sharedIncidentFor(tenantId: string): Promise<string> {
  shared = shared.then(async (id) => {
    if (id === '') return (await incidentAffecting([tenantId])).id;
    await addAffectedTenant(id, tenantId);
    return id;
  });
  return shared;
}

/** A valid Art. 34 message: the facts in plain words, nothing confidential. */
export function breachCommunicationInput(incidentId: string, overrides: Record<string, unknown> = {}) {
  return {
    incidentId,
    audience: { all: true as const },
    subject: 'Your payroll data was sent to a wrong recipient',
    body:
      'On 20 November our payroll provider sent a file with your name and salary to a wrong recipient.\n\n' +
      'The recipient has confirmed that the file was deleted. We do not expect further consequences, ' +
      'but please be careful with messages that mention your salary.',
    ...overrides,
  };
}
