import { describe, expect, it } from 'vitest';
import { confidentialFindings, decideRecipient, identifierCandidates } from '../../shared/domain/breach-communication.ts';
import { mailbox } from '../../shared/notices/email.ts';
import { breachCommunication } from '../../shared/notices/templates/breach-communication.ts';

const set = (attributes: Record<string, string | number | null>) => ({ name: 'contact', purpose: 'Payroll', legalBasis: 'contract' as const, attributes });

describe('confidential data in a breach communication', () => {
  it.each([
    ['an IBAN in groups', 'Paid to SI56 1910 0000 0123 438 as every month.', 'IBAN'],
    ['an IBAN in one piece, words after it', 'Account DE89370400440532013000 was affected.', 'IBAN'],
    ['a card number', 'Card 4111-1111-1111-1111 was stored.', 'payment card'],
    ['an EMŠO', 'EMŠO 0101006500006 of the employee.', 'EMŠO'],
    ['a password', 'Use the password: Tr0ub4dor&3 to log in.', 'password'],
    ['a Slovenian password', 'Novo geslo je Poletje2026 za vse.', 'password'],
    ['a PIN', 'Your new PIN = 4821 is active.', 'password'],
    ['an API key', `Key skr_${'a'.repeat(26)}_${'b'.repeat(26)}_secret was leaked.`, 'API key'],
    ['an AWS access key', 'AKIAIOSFODNN7EXAMPLE was in the log.', 'access key'],
    ['a private key', '-----BEGIN RSA PRIVATE KEY----- MIIE...', 'private key'],
  ])('BRE-5 finds %s', (_what, text, word) => {
    const findings = confidentialFindings(text);
    expect(findings).toHaveLength(1);
    expect(findings[0]!.reason).toContain(word);
  });

  it.each([
    ['dates and times', 'On 20 November 2026 at 14:00 we noticed the breach.'],
    ['counts', 'About 12,500 records of 3,000 people were affected.'],
    ['a phone number', 'Call us on +386 1 234 5678 or 041 123 456.'],
    ['an invalid IBAN', 'Reference SI56 1910 0000 0123 437 is not an account.'],
    ['a number that fails Luhn', 'Ticket 4111 1111 1111 1112 was opened.'],
    ['advice about passwords', 'Please change your password and enable two-factor sign-in.'],
  ])('BRE-5 lets %s pass', (_what, text) => {
    expect(confidentialFindings(text)).toEqual([]);
  });

  it('DAT-6 offers e-mail addresses and tax-number-like values for the blind index, normalised', () => {
    expect(identifierCandidates('Write to Ana.Novak@Example.si; tax number SI 1234 5678.')).toEqual([
      { kind: 'email', value: 'ana.novak@example.si' },
      { kind: 'taxNumber', value: 'SI12345678' },
      { kind: 'taxNumber', value: '12345678' },
    ]);
  });
});

describe('who gets an Art. 34 communication', () => {
  it('BRE-5 a subject with an e-mail address gets it, in its language when it has one', () => {
    expect(decideRecipient({ attributeSets: [set({ email: 'a@b.example', language: 'sl-SI' })] })).toEqual({ send: true, email: 'a@b.example', language: 'sl' });
    expect(decideRecipient({ attributeSets: [set({ Email: ' a@b.example ' })] })).toEqual({ send: true, email: 'a@b.example', language: undefined });
    expect(decideRecipient({ attributeSets: [set({ email: 'a@b.example', language: 'de' })] })).toMatchObject({ send: true, language: undefined });
  });

  it('DAT-4 a restricted subject is skipped, even with an address', () => {
    expect(decideRecipient({ attributeSets: [set({ email: 'a@b.example' })], restriction: { reason: 'contested', at: '2026-01-01T00:00:00Z', by: 'key:1' } })).toEqual({
      send: false,
      reason: 'restricted',
    });
  });

  it('BRE-5 a subject without a usable address is skipped', () => {
    expect(decideRecipient({ attributeSets: [set({ firstName: 'Ana' })] })).toEqual({ send: false, reason: 'no-email' });
    expect(decideRecipient({ attributeSets: [set({ email: 'not an address' })] })).toEqual({ send: false, reason: 'no-email' });
    expect(decideRecipient({ attributeSets: [set({ email: null })] })).toEqual({ send: false, reason: 'no-email' });
  });
});

describe('the reserved layout', () => {
  const message = {
    tenantName: 'Ščit d.o.o.',
    subject: 'Vaši podatki',
    body: 'Prvi odstavek.\nŠe ena vrstica.\n\n<b>Drugi</b> odstavek: https://example.com',
    contact: { name: 'Dora', email: 'dpo@scit.example' },
  };

  it('BRE-5 has its own subject prefix, sender name, heading and no link but the contact', () => {
    const sl = breachCommunication('sl', message);
    expect(sl.subject).toBe('[Kršitev varnosti osebnih podatkov] Vaši podatki');
    expect(sl.senderName).toBe('Ščit d.o.o. – obvestilo o kršitvi varnosti');
    expect(sl.html).toContain('Obvestilo o kršitvi varnosti osebnih podatkov');
    expect(sl.html).toContain('&lt;b&gt;Drugi&lt;/b&gt;');
    expect(sl.html).toContain('Prvi odstavek.<br>Še ena vrstica.');
    expect([...sl.html.matchAll(/href="([^"]+)"/g)].map((m) => m[1])).toEqual(['mailto:dpo@scit.example']);
    expect(sl.html).not.toMatch(/<img|<script|<link|url\(/i);
    expect(sl.text).toContain('Za vprašanja: Dora, dpo@scit.example');
    expect(breachCommunication('en', message).subject).toBe('[Personal data breach] Vaši podatki');
  });

  it('BRE-5 sender names outside ASCII go as RFC 2047 encoded-words of at most 75 characters', () => {
    expect(mailbox('Acme d.o.o. - notice', 'n@x.example')).toBe('"Acme d.o.o. - notice" <n@x.example>');
    expect(mailbox('Say "hi"', 'n@x.example')).toBe('"Say \\"hi\\"" <n@x.example>');
    const long = mailbox(`${'Č'.repeat(40)} – obvestilo o kršitvi varnosti`, 'n@x.example');
    const words = long.replace(/ <n@x\.example>$/, '').split(' ');
    expect(words.length).toBeGreaterThan(1);
    for (const word of words) expect(word.length).toBeLessThanOrEqual(75);
    const decoded = words.map((w) => Buffer.from(w.slice('=?UTF-8?B?'.length, -2), 'base64').toString('utf8')).join('');
    expect(decoded).toBe(`${'Č'.repeat(40)} – obvestilo o kršitvi varnosti`);
    expect(mailbox('Line\r\nBcc: x@y.example', 'n@x.example')).not.toMatch(/[\r\n]/);
  });
});
