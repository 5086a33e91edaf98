import { randomBytes } from 'node:crypto';
import type { LocalApi } from '../../local/api-server.ts';
import type { LocalTopic } from '../../local/sns.ts';
import { newTenantWithKey } from './api.ts';

export const HOUR = 3_600_000;

/** A tenant with its own administrator address, in `language`. */
export async function tenantIn(api: LocalApi, language: 'sl' | 'en') {
  const email = `admin-${randomBytes(4).toString('hex')}@tenant.example`;
  const { tenantId } = await newTenantWithKey(api, ['admin'], { language, contacts: { administrator: { name: 'Ana', email } } });
  return { tenantId, email, language };
}

/** A valid schedule body starting `hoursAhead` from now, for the listed tenants. */
export function scheduleBody(hoursAhead: number, tenantIds: string[], extra: Record<string, unknown> = {}) {
  return {
    startsAt: new Date(Date.now() + hoursAhead * HOUR).toISOString(),
    expectedMaxDurationMinutes: 120,
    components: ['api', 'capture'],
    description: { sl: 'Nadgradnja podatkovne baze.', en: 'Database upgrade.' },
    affectedTenantIds: tenantIds,
    ...extra,
  };
}

/** The topic messages about one maintenance's notice of a kind. */
export function published(topic: LocalTopic, maintenanceId: string, notice: string) {
  return topic.messages.filter((m) => m.attributes.maintenanceId === maintenanceId && m.attributes.notice === notice);
}
