import { describe, expect, it } from 'vitest';
import { newId } from '../../shared/ids.ts';
import { incidents } from '../../shared/store/incidents.ts';
import { ConditionFailed, UnitOfWork } from '../../shared/store/unit-of-work.ts';
import { incidentBody } from '../support/route-samples.ts';

describe('breach register phases', () => {
  it('BRE-2 BRE-6 a recorded phase is never written over: the log of what was said is append-only', async () => {
    const incidentId = newId(new Date());
    const { detectedAt: _d, awareAt: _a, affectedTenantIds: _t, vendorIsController: _v, notification: _n, ...facts } = incidentBody(newId(new Date()));
    const phase = { number: 1, at: new Date().toISOString(), by: 'operator:test', summary: 'Initial record', facts };
    const first = new UnitOfWork();
    incidents.addPhase(first, incidentId, phase);
    await first.commit();

    const rewrite = new UnitOfWork();
    incidents.addPhase(rewrite, incidentId, { ...phase, facts: { ...facts, nature: 'Something else entirely' } });
    await expect(rewrite.commit()).rejects.toBeInstanceOf(ConditionFailed);
    expect((await incidents.phases(incidentId))[0]!.facts.nature).toBe(facts.nature);
  });
});
