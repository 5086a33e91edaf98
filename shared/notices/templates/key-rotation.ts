import type { Language } from '../../model/tenant.ts';
import { renderNotice } from '../layout.ts';

export interface KeyRotationFacts {
  keyName: string;
  keyId: string;
  createdAt: string;
  maxAgeDays: number;
}

/** TEN-2: the administrator is told once that a key is older than the allowed age. */
export function keyRotationNotice(language: Language, facts: KeyRotationFacts) {
  const created = facts.createdAt.slice(0, 10);
  if (language === 'sl') {
    const subject = `Ključ API "${facts.keyName}" je treba zamenjati`;
    return {
      subject,
      ...renderNotice(language, subject, [
        `Ključ API "${facts.keyName}" (${facts.keyId}) je bil ustvarjen ${created} in je starejši od ${facts.maxAgeDays} dni.`,
        'Zamenjajte ga z zahtevo POST /v1/api-keys/{keyId}/rotate; stari ključ bo deloval še v izbranem prehodnem obdobju.',
      ]),
    };
  }
  const subject = `API key "${facts.keyName}" is due for rotation`;
  return {
    subject,
    ...renderNotice(language, subject, [
      `API key "${facts.keyName}" (${facts.keyId}) was created on ${created} and is older than ${facts.maxAgeDays} days.`,
      'Rotate it with POST /v1/api-keys/{keyId}/rotate; the old key keeps working for the grace period you choose.',
    ]),
  };
}
