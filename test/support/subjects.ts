import type { LocalApi } from '../../local/api-server.ts';
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
