import { describe, expect, it } from 'vitest';
import { takesIdempotencyKey } from '../../shared/http/route-definition.ts';
import type { RouteDefinition } from '../../shared/http/route-definition.ts';
import { ROUTES } from '../../shared/http/routes.ts';

/**
 * Answers that hold nothing a person wrote or is (ids, amounts, states, dates, the operator's own
 * texts about incidents and maintenance): an idempotency record may keep them whole.
 */
const WHOLE_ANSWER_KEPT: Record<string, string> = {
  markSubjectUnder13: 'a tombstone: id, time, reason code',
  cancelContract: 'the billing account: states and dates',
  assignPlan: 'a plan: prices and dates',
  recordPayment: 'an invoice of a business: amounts, numbers, dates',
  issueCreditNote: 'a credit note of a business: amounts, numbers, dates',
  reactivateTenant: 'the billing account: states and amounts',
  terminateTenant: 'the billing account: states and dates',
  createIncident: 'the operator’s register entry; it names tenants, not their people',
  addIncidentPhase: 'the operator’s register entry',
  publishIncidentNotice: 'the operator’s public notice',
  fileIncident: 'a filing: channel and times',
  startBreachClock: 'a clock: times',
  fileOwnBreach: 'a filing: channel and times',
  scheduleMaintenance: 'the operator’s announcement',
  startMaintenance: 'the operator’s announcement',
  completeMaintenance: 'the operator’s announcement',
  requestExport: 'an export’s state and files',
  notifySubjectRecipients: 'counts',
};

describe('idempotency records (SEC-6)', () => {
  it('keep of an answer with free text or personal values only named fields: every changing POST of tenants and the operator names them, or is listed with why its whole answer may stay', () => {
    const replayed = ROUTES.filter((r) => takesIdempotencyKey(r));
    expect(replayed.length).toBeGreaterThan(40);
    const unnamed = replayed.filter((r) => (r as RouteDefinition).replayKeeps === undefined).map((r) => r.operationId);
    expect(unnamed.sort()).toEqual(Object.keys(WHOLE_ANSWER_KEPT).sort());
  });
});
