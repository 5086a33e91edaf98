import type { Language } from '../../model/tenant.ts';
import { renderNotice } from '../layout.ts';

export interface DeletionConfirmationFacts {
  tenantName: string;
  tenantId: string;
  /** The day of the deletion, YYYY-MM-DD. */
  deletedOn: string;
  /** How long deleted data can survive in the table's point-in-time recovery backups. */
  backupDays: number;
}

/** DUN-5: the final confirmation, sent before the contacts it goes to are deleted. */
export function deletionConfirmationNotice(language: Language, facts: DeletionConfirmationFacts) {
  if (language === 'sl') {
    const subject = `Podatki organizacije "${facts.tenantName}" v Skrbniku so izbrisani`;
    return {
      subject,
      ...renderNotice(
        language,
        subject,
        [
          `Dne ${facts.deletedOn} smo iz Skrbnika izbrisali podatke organizacije "${facts.tenantName}" (${facts.tenantId}), kot določa pogodba po njenem prenehanju ali po 90 dneh mirovanja.`,
          'Račune, dobropise in plačila ter podatke o merjenju, na katerih temeljijo (število aktivnih končnih uporabnikov, brez osebnih podatkov), hranimo do izteka roka hrambe, ki ga zahteva računovodska zakonodaja.',
          `Izbrisani podatki ostanejo v varnostnih kopijah baze (obnovitev na točko v času), dokler te ne potečejo, najpozneje ${facts.backupDays} dni po izbrisu; iz njih jih ne obnavljamo.`,
          'Kontaktne podatke, na katere je bilo poslano to sporočilo, izbrišemo takoj za njim.',
          'Izbrisali smo:',
        ],
        [
          'ključe API',
          'posameznike, na katere se nanašajo osebni podatki, z zgodovino sprememb, iskalnimi indeksi in zabeleženimi časovnimi vnosi',
          'revizijsko sled',
          'zapise o ponovljenih zahtevkih (idempotentnost)',
          'dnevnik poslanih obvestil',
          'kontaktne podatke in zapis o sprejetju pogojev v profilu organizacije',
        ],
      ),
    };
  }
  const subject = `The data of "${facts.tenantName}" in Skrbnik has been deleted`;
  return {
    subject,
    ...renderNotice(
      language,
      subject,
      [
        `On ${facts.deletedOn} we deleted the data of "${facts.tenantName}" (${facts.tenantId}) from Skrbnik, as the contract provides once it has ended or after 90 days of dormancy.`,
        'Invoices, credit notes and payments, with the metering figures they rest on (counts of active end users, no personal data), are kept until the retention period that accounting law requires has passed.',
        `Deleted data remains in the database's point-in-time recovery backups until they expire, at the latest ${facts.backupDays} days after the deletion; it is not restored from them.`,
        'The contact details this message was sent to are deleted right after it.',
        'What was deleted:',
      ],
      [
        'API keys',
        'data subjects, with their change history, lookup indexes and captured time entries',
        'the audit trail',
        'records of repeated requests (idempotency)',
        'the log of notices sent',
        "the contacts and the terms acceptance in the organisation's profile",
      ],
    ),
  };
}
