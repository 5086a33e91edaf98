import { CURRENT_TERMS_VERSION } from '../shared/config/terms.ts';

export interface DemoTenant {
  tenantId: string;
  apiKey: string;
}

async function call(url: string, operatorToken: string, body: unknown, idempotencyKey: string) {
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      Authorization: `Bearer ${operatorToken}`,
      'Content-Type': 'application/json',
      'Idempotency-Key': idempotencyKey,
    },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`Seeding failed: ${response.status} ${await response.text()}`);
  return (await response.json()) as Record<string, unknown>;
}

/**
 * Registers a demo tenant and an admin key through the API itself, as an operator would; `label`
 * keeps the Idempotency-Keys of different demo tenants apart.
 */
export async function seedDemoTenant(apiUrl: string, operatorToken: string, label = 'demo'): Promise<DemoTenant> {
  const tenant = await call(
    `${apiUrl}/v1/operator/tenants`,
    operatorToken,
    {
      name: 'Demo d.o.o.',
      country: 'SI',
      vatNumber: 'SI12345678',
      language: 'sl',
      contacts: {
        administrator: { name: 'Demo Administrator', email: 'admin@demo.example' },
        billing: { name: 'Demo Billing', email: 'billing@demo.example' },
        dataProtection: { name: 'Demo DPO', email: 'dpo@demo.example' },
        security: { name: 'Demo Security', email: 'security@demo.example', phone: '+38640000000' },
      },
      termsAcceptance: { version: CURRENT_TERMS_VERSION, accepted: true },
    },
    `seed-${label}-tenant`,
  );
  const key = await call(
    `${apiUrl}/v1/operator/tenants/${String(tenant.id)}/api-keys`,
    operatorToken,
    { name: 'demo admin key', scopes: ['admin', 'capture'] },
    `seed-${label}-key`,
  );
  // A monthly plan, so the invoicing job has something to bill once the demo has end users.
  await call(
    `${apiUrl}/v1/operator/tenants/${String(tenant.id)}/plan`,
    operatorToken,
    { interval: 'monthly', unitPriceCents: 350, currency: 'EUR' },
    `seed-${label}-plan`,
  );
  return { tenantId: String(tenant.id), apiKey: String(key.secret) };
}
