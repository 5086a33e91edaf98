import type { Change, RecipientKind } from '../../domain/disclosure.ts';
import type { Language } from '../../model/tenant.ts';
import { renderNotice } from '../layout.ts';

export interface RecipientChangeFacts {
  /** The controller: the tenant's name. */
  tenantName: string;
  recipientKind: RecipientKind;
  change: Change;
  /** The controller's pseudonymous id of the person: no name, no address, no number of theirs. */
  subjectId: string;
  /** Rectification: names of the fields changed, never the values. */
  changedFields: readonly string[];
  /** The disclosures the recipient can find the record by: when, and the reference it got them under. */
  received: readonly { at: string; reference: string }[];
  /** The privacy request or change the notice is about. */
  reference: string;
  /** The controller's data protection contact, where replies go. */
  contactEmail: string;
}

const CHANGE_WORDS: Record<Language, Record<Change, { title: string; done: string; ask: (processor: boolean) => string }>> = {
  sl: {
    rectification: {
      title: 'popravil',
      done: 'je popravil osebne podatke posameznika, ki vam jih je razkril.',
      ask: () => 'Popravljenih vrednosti to sporočilo ne vsebuje: pridobite jih pri upravljavcu in posodobite svojo kopijo.',
    },
    erasure: {
      title: 'izbrisal',
      done: 'je izbrisal osebne podatke posameznika, ki vam jih je razkril.',
      ask: (processor) =>
        processor
          ? 'Kot obdelovalec izbrišite podatke tega posameznika, ki ste jih prejeli od upravljavca, in mu to potrdite.'
          : 'Presodite, ali morate izbrisati tudi podatke, ki ste jih prejeli od upravljavca; če jih hranite še naprej, to storite na svoji pravni podlagi.',
    },
    restriction: {
      title: 'omejil obdelavo',
      done: 'je omejil obdelavo osebnih podatkov posameznika, ki vam jih je razkril (18. člen).',
      ask: () => 'Podatke tega posameznika hranite, drugače pa jih ne obdelujte, dokler vam upravljavec ne sporoči, da je omejitev odpravljena.',
    },
  },
  en: {
    rectification: {
      title: 'rectified',
      done: 'has rectified personal data of a data subject that it disclosed to you.',
      ask: () => 'This message does not carry the corrected values: obtain them from the controller and update your copy.',
    },
    erasure: {
      title: 'erased',
      done: 'has erased the personal data of a data subject that it disclosed to you.',
      ask: (processor) =>
        processor
          ? 'As its processor, erase the data of this person that you received from the controller, and confirm it to the controller.'
          : 'Assess whether you must erase the data you received from the controller too; if you keep it, you do so on your own legal basis.',
    },
    restriction: {
      title: 'restricted',
      done: 'has restricted the processing of personal data of a data subject that it disclosed to you (Art. 18).',
      ask: () => 'Keep this person’s data stored but do not otherwise process it until the controller tells you the restriction has been lifted.',
    },
  },
};

/**
 * obligation: DSR-7 — the Art. 19 notice to a recipient. It names the controller and identifies
 * the person only by the controller's pseudonymous id and the disclosures the recipient received
 * (date and reference): e-mail is not the place for personal values, and the recipient finds the
 * record in what it was sent. Replies go to the controller, not to the vendor.
 */
export function recipientChangeNotice(language: Language, facts: RecipientChangeFacts) {
  const words = CHANGE_WORDS[language][facts.change];
  const received = facts.received.map((r) => `${r.at.slice(0, 10)} — ${r.reference}`);
  const fields = facts.changedFields.join(', ');
  if (language === 'sl') {
    const subject = `${facts.tenantName} je ${words.title} osebne podatke, ki ste jih prejeli`;
    return {
      subject,
      ...renderNotice(
        language,
        subject,
        [
          `Upravljavec ${facts.tenantName} vas po 19. členu Splošne uredbe o varstvu podatkov obvešča, da ${words.done}`,
          `Posameznik: ${facts.subjectId} (psevdonimni identifikator upravljavca). Sklic upravljavca: ${facts.reference}.`,
          ...(fields === '' ? [] : [`Spremenjena polja: ${fields}.`]),
          words.ask(facts.recipientKind === 'processor'),
          `Vprašanja naslovite na upravljavca: ${facts.contactEmail}. Sporočilo ne vsebuje osebnih podatkov.`,
          ...(received.length === 0 ? [] : ['Podatke ste prejeli (datum — sklic):']),
        ],
        received,
      ),
    };
  }
  const subject = `${facts.tenantName} has ${words.title} personal data you received`;
  return {
    subject,
    ...renderNotice(
      language,
      subject,
      [
        `The controller ${facts.tenantName} tells you under Article 19 of the General Data Protection Regulation that it ${words.done}`,
        `Data subject: ${facts.subjectId} (the controller's pseudonymous identifier). Controller's reference: ${facts.reference}.`,
        ...(fields === '' ? [] : [`Fields changed: ${fields}.`]),
        words.ask(facts.recipientKind === 'processor'),
        `Send questions to the controller: ${facts.contactEmail}. This message carries no personal data.`,
        ...(received.length === 0 ? [] : ['You received the data on (date — reference):']),
      ],
      received,
    ),
  };
}

export interface VendorDisclosureFacts {
  at: string;
  basis: string;
  recipient: string;
  reference: string;
  dataCategories: readonly string[];
  subjectCount: number;
}

const BASIS_WORDS: Record<Language, Record<string, string>> = {
  sl: { 'court-order': 'sodne odredbe', 'authority-request': 'pisne zahteve organa', 'tenant-instruction': 'vašega navodila' },
  en: { 'court-order': 'a court order', 'authority-request': "an authority's written request", 'tenant-instruction': 'your instruction' },
};

/** obligation: AUD-3 — the tenant's data protection contact learns that the vendor disclosed its data. */
export function vendorDisclosureNotice(language: Language, facts: VendorDisclosureFacts) {
  const scope = facts.subjectCount === 0 ? (language === 'sl' ? 'vseh posameznikov' : 'all data subjects') : String(facts.subjectCount);
  if (language === 'sl') {
    const subject = 'Skrbnik je razkril vaše podatke';
    return {
      subject,
      ...renderNotice(language, subject, [
        `Dne ${facts.at.slice(0, 10)} smo na podlagi ${BASIS_WORDS.sl[facts.basis]} (sklic ${facts.reference}) razkrili podatke vaše organizacije prejemniku: ${facts.recipient}.`,
        `Kategorije podatkov: ${facts.dataCategories.join(', ')}. Posamezniki: ${scope}.`,
        `Vnos s tem sklicem je v vašem dnevniku razkritij (GET /v1/disclosures).`,
      ]),
    };
  }
  const subject = 'Skrbnik disclosed your data';
  return {
    subject,
    ...renderNotice(language, subject, [
      `On ${facts.at.slice(0, 10)} we disclosed your organisation's data to ${facts.recipient} on ${BASIS_WORDS.en[facts.basis]} (reference ${facts.reference}).`,
      `Data categories: ${facts.dataCategories.join(', ')}. Data subjects: ${scope}.`,
      `The entry with this reference is in your disclosure log (GET /v1/disclosures).`,
    ]),
  };
}

export interface AssistanceFacts {
  tenantName: string;
  tenantId: string;
  requestId: string;
  urgency: string;
  privacyRequestId?: string | undefined;
  description: string;
}

/** obligation: DSR-11 — the vendor's support desk gets a tenant's request for assistance (in English). */
export function assistanceRequestNotice(facts: AssistanceFacts) {
  const subject = `${facts.urgency === 'urgent' ? '[URGENT] ' : ''}Assistance request from ${facts.tenantName}`;
  return {
    subject,
    ...renderNotice('en', subject, [
      `Tenant ${facts.tenantName} (${facts.tenantId}) asks for assistance with a privacy request (request ${facts.requestId}${facts.privacyRequestId ? `, privacy request ${facts.privacyRequestId}` : ''}).`,
      facts.description,
      `Resolve it with POST /v1/operator/tenants/${facts.tenantId}/assistance-requests/${facts.requestId}/resolution, stating the minutes spent and whether it is billed.`,
    ]),
  };
}
