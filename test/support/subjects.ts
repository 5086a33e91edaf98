import type { LocalApi } from '../../local/api-server.ts';
import { subjectRepository } from '../../shared/store/subjects.ts';
import { TenantScope } from '../../shared/store/tenant-scope.ts';
import { UnitOfWork } from '../../shared/store/unit-of-work.ts';
import { request } from './api.ts';

export function subjectInput(overrides: Record<string, unknown> = {}) {
  return {
    category: 'employee',
    endUser: true,
    attributeSets: [
      {
        name: 'identity',
        purpose: 'employment contract',
        legalBasis: 'contract',
        attributes: { firstName: 'Ana', lastName: 'Novak', email: 'ana.novak@acme.example', taxNumber: '12345678' },
      },
    ],
    ...overrides,
  };
}

export async function newSubject(api: LocalApi, key: string, overrides: Record<string, unknown> = {}) {
  const reply = await request(api, 'POST', '/v1/subjects', { token: key, body: subjectInput(overrides) });
  if (reply.status !== 201) throw new Error(`subject not created: ${JSON.stringify(reply.body)}`);
  return reply.body as { id: string; version: number; createdAt: string; endUser: boolean };
}

/** The erasure's transaction commits and nothing after it runs, as when the function dies there: the remains stay. */
export async function commitErasureOnly(tenantId: string, subjectId: string): Promise<void> {
  const repository = subjectRepository(TenantScope.named(tenantId));
  const stored = await repository.get(subjectId);
  if (stored?.kind !== 'subject') throw new Error('subject missing');
  const uow = new UnitOfWork();
  repository.erase(uow, stored, { id: subjectId, erasedAt: new Date().toISOString(), reason: 'erasure' }, new Date());
  await uow.commit();
}
