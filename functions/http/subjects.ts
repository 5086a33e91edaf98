import { httpHandler } from '../../shared/http/handler.ts';
import { SUBJECTS_ROUTES } from '../../shared/http/routes/subjects.ts';
import { refuseWhileDormant } from '../../shared/services/billing/dormancy-gate.ts';
import { checkCredential, clearCredential, listCredentials, setCredential } from '../../shared/services/credentials.ts';
import { eraseSubject } from '../../shared/services/erasure.ts';
import {
  createSubject,
  liftSubjectRestriction,
  listSubjects,
  lookupSubjects,
  readSubject,
  rectifySubject,
  restrictSubject,
  subjectHistory,
} from '../../shared/services/subjects.ts';
import { TenantScope } from '../../shared/store/tenant-scope.ts';

export const handler = httpHandler(SUBJECTS_ROUTES, {
  async createSubject({ body, auth, now, uow }) {
    const subject = await createSubject(uow, TenantScope.ofTenant(auth), body, auth, now);
    return { body: subject, version: subject.version };
  },
  async listSubjects({ query, auth, now }) {
    return { body: await listSubjects(TenantScope.ofTenant(auth), query.category, query.limit, query.cursor, auth, now) };
  },
  async lookupSubjects({ body, auth, now }) {
    const [kind, value] = body.email !== undefined ? (['email', body.email] as const) : (['taxNumber', body.taxNumber!] as const);
    return { body: await lookupSubjects(TenantScope.ofTenant(auth), kind, value, auth, now) };
  },
  async getSubject({ params, query, auth, now }) {
    const asOf = query.asOf === undefined ? undefined : new Date(query.asOf);
    const subject = await readSubject(TenantScope.ofTenant(auth), params.subjectId, asOf, auth, now);
    return { body: subject, version: subject.version };
  },
  async updateSubject({ params, body, ifMatch, auth, now, uow }) {
    const { subject } = await rectifySubject(uow, TenantScope.ofTenant(auth), params.subjectId, body, ifMatch!, auth, now);
    return { body: subject, version: subject.version };
  },
  async eraseSubject({ params, auth, now, uow }) {
    const { tombstone, afterCommit, explainConflict } = await eraseSubject(uow, TenantScope.ofTenant(auth), params.subjectId, 'erasure', auth, now);
    return { body: tombstone, afterCommit, explainConflict };
  },
  async markSubjectUnder13({ params, auth, now, uow }) {
    // obligation: DAT-7 — a subject under 13 is erased at once; RET-3 — unless a legal hold
    // binds its data: the duty to preserve wins and the answer says so (decision 152).
    const { tombstone, afterCommit, explainConflict } = await eraseSubject(uow, TenantScope.ofTenant(auth), params.subjectId, 'under-13', auth, now);
    return { body: tombstone, afterCommit, explainConflict };
  },
  async restrictSubject({ params, body, auth, now, uow }) {
    const { subject } = await restrictSubject(uow, TenantScope.ofTenant(auth), params.subjectId, body.reason, auth, now);
    return { body: subject, version: subject.version };
  },
  async liftSubjectRestriction({ params, auth, now, uow }) {
    const { subject } = await liftSubjectRestriction(uow, TenantScope.ofTenant(auth), params.subjectId, auth, now);
    return { body: subject, version: subject.version };
  },
  async getSubjectHistory({ params, query, auth, now }) {
    return { body: await subjectHistory(TenantScope.ofTenant(auth), params.subjectId, query.limit, query.cursor, auth, now) };
  },
  async listSubjectCredentials({ params, auth, now }) {
    return { body: await listCredentials(TenantScope.ofTenant(auth), params.subjectId, auth, now) };
  },
  async setSubjectCredential({ params, body, auth, now, uow }) {
    const { credential, explainConflict } = await setCredential(uow, TenantScope.ofTenant(auth), params.subjectId, params.name, body, auth, now);
    return { body: credential, explainConflict };
  },
  async checkSubjectCredential({ params, body, auth, now, uow }) {
    const { result, afterCommit, explainConflict } = await checkCredential(uow, TenantScope.ofTenant(auth), params.subjectId, params.name, body.value, auth, now);
    return { body: result, afterCommit, explainConflict };
  },
  async clearSubjectCredential({ params, auth, now, uow }) {
    const { cleared, explainConflict } = await clearCredential(uow, TenantScope.ofTenant(auth), params.subjectId, params.name, auth, now);
    return { body: cleared, explainConflict };
  },
}, { tenantGate: refuseWhileDormant });
