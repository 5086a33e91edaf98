import { localDateOf } from '../../domain/billing/calendar.ts';
import { formatDate, formatInstant, formatMoney, formatMonth, formatPeriod } from '../../documents/money.ts';
import type { Invoice, Money, ReminderKind } from '../../model/billing.ts';
import type { Language } from '../../model/tenant.ts';
import { renderNotice } from '../layout.ts';

export interface BillingNotice {
  subject: string;
  text: string;
  html: string;
}

export type InvoiceReminderKind = Exclude<ReminderKind, 'issued'>;

export interface DormantFacts {
  since: string;
  deleteAt: string;
  /** The frozen reactivation fee and the last active month whose price it is. */
  reactivation: Money & { month: string };
  iban: string;
  paymentReference: string;
  invoiceNumber: string;
}

export interface DeletionWarningFacts {
  deleteAt: string;
  daysAhead: number;
  cause: 'dormancy' | 'contract-end';
  reactivation?: Money;
  /** Where a dormant tenant pays the reactivation fee; said again so the warning stands alone. */
  iban?: string;
  paymentReference?: string;
}

export interface ReactivatedFacts {
  invoiceNumber: string;
  total: Money;
  creditedInvoiceNumbers: string[];
}

export interface ContractEndingFacts {
  kind: 'cancellation' | 'termination';
  reason?: string;
  endsAt: string;
}

export interface PaymentReceivedFacts {
  invoiceNumber: string;
  amount: Money;
  balanceCents: number;
  currency: string;
}

function notice(language: Language, subject: string, paragraphs: string[], list: string[] = []): BillingNotice {
  return { subject, ...renderNotice(language, subject, paragraphs, list) };
}

function total(money: Money, language: Language): string {
  return formatMoney(money.totalCents, money.currency, language);
}

function totalWithVat(money: Money, language: Language): string {
  const net = formatMoney(money.netCents, money.currency, language);
  const vat = formatMoney(money.vatCents, money.currency, language);
  return language === 'sl' ? `${total(money, language)} (neto ${net} + DDV ${vat})` : `${total(money, language)} (${net} net + ${vat} VAT)`;
}

function payTo(language: Language, iban: string, reference: string): string {
  return language === 'sl'
    ? `Plačilo nakažite na IBAN ${iban} s sklicem ${reference}.`
    : `Pay by bank transfer to IBAN ${iban} with the payment reference ${reference}.`;
}

// obligation: DUN-3 — every message that mentions dormancy says what it means before it happens.
function dormancyMeaning(language: Language): string {
  return language === 'sl'
    ? 'V mirovanju zajem podatkov (vnosi časa) še deluje, vse druge zahteve API pa vrnejo 402 Payment Required, dokler naročnine ne aktivirate znova s plačilom ene mesečne naročnine.'
    : 'While dormant, data capture (time entries) keeps working; every other API request answers 402 Payment Required until the account is reactivated by paying one monthly fee.';
}

function invoicesKept(language: Language): string {
  return language === 'sl'
    ? 'Računi ostanejo shranjeni, kot zahteva računovodska zakonodaja.'
    : 'Invoices are kept, as accounting law requires.';
}

const SL_DAYS: Partial<Record<Intl.LDMLPluralRule, string>> = { one: 'dan', two: 'dneva', few: 'dneve' };
let slPlural: Intl.PluralRules | undefined;

/** Slovenian has four forms after "čez": 1 dan, 2 dneva, 3 dneve, 5 dni. */
function days(count: number, language: Language): string {
  if (language === 'sl') return `${count} ${SL_DAYS[(slPlural ??= new Intl.PluralRules('sl-SI')).select(count)] ?? 'dni'}`;
  return `${count} ${count === 1 ? 'day' : 'days'}`;
}

const dayOf = (iso: string, language: Language) => formatDate(localDateOf(new Date(iso)), language);

/** obligation: DUN-1 — the first message of the cadence states every consequence with its absolute date. */
export function invoiceIssuedNotice(language: Language, invoice: Invoice): BillingNotice {
  const amount = formatMoney(invoice.totalCents, invoice.currency, language);
  const due = formatDate(invoice.dueOn, language);
  const period = formatPeriod(invoice.periodStart, invoice.periodEnd, language);
  const dormantAt = formatInstant(invoice.dormantAt, language);
  const deleteAt = formatInstant(invoice.deleteAt, language);
  const path = `/v1/billing/invoices/${invoice.id}`;
  if (language === 'sl') {
    return notice(language, `Račun ${invoice.number}: ${amount}, rok plačila ${due}`, [
      `Izdali smo račun ${invoice.number} za obdobje ${period}. Znesek za plačilo je ${amount} z DDV, rok plačila je ${due}.`,
      // obligation: DUN-2, DUN-5
      `Če bo račun ${dormantAt} še neplačan, bo naročnina vaše organizacije prešla v mirovanje. ${dormancyMeaning(language)} Če naročnine do ${deleteAt} ne aktivirate znova, bodo vsi podatki vaše organizacije izbrisani.`,
      payTo(language, invoice.seller.iban, invoice.paymentReference),
      `Račun je na voljo kot stran za tisk na GET ${path}/html in v obliki JSON na GET ${path}.`,
    ]);
  }
  return notice(language, `Invoice ${invoice.number}: ${amount}, due on ${due}`, [
    `We have issued invoice ${invoice.number} for ${period}: ${amount} including VAT, due on ${due}.`,
    // obligation: DUN-2, DUN-5
    `If it is still unpaid on ${dormantAt}, your organisation's account becomes dormant. ${dormancyMeaning(language)} If the account is not reactivated by ${deleteAt}, all of your organisation's data will be deleted.`,
    payTo(language, invoice.seller.iban, invoice.paymentReference),
    `The invoice is available as a printable page at GET ${path}/html and as JSON at GET ${path}.`,
  ]);
}

/** obligation: DUN-1 — the reminders of the cadence after issue, up to the warning before dormancy. */
export function invoiceReminderNotice(language: Language, invoice: Invoice, kind: InvoiceReminderKind): BillingNotice {
  const balance = formatMoney(invoice.balanceCents, invoice.currency, language);
  const due = formatDate(invoice.dueOn, language);
  const dormantAt = formatInstant(invoice.dormantAt, language);
  const deleteAt = formatInstant(invoice.deleteAt, language);
  const n = invoice.number;
  const sl = language === 'sl';
  const copy: Record<InvoiceReminderKind, [subject: string, opening: string]> = {
    'due-soon': sl
      ? [`Opomnik: račun ${n} zapade ${due}`, `Odprti znesek računa ${n} je ${balance}, rok plačila je ${due}.`]
      : [`Reminder: invoice ${n} is due on ${due}`, `The balance of invoice ${n} is ${balance}, due on ${due}.`],
    'due-today': sl
      ? [`Račun ${n} zapade danes`, `Danes, ${due}, zapade račun ${n}. Odprti znesek je ${balance}.`]
      : [`Invoice ${n} is due today`, `Invoice ${n} is due today, ${due}. The balance is ${balance}.`],
    overdue: sl
      ? [`Račun ${n} je zapadel`, `Račun ${n} je zapadel ${due}. Odprti znesek je ${balance}.`]
      : [`Invoice ${n} is overdue`, `Invoice ${n} was due on ${due}. The balance is ${balance}.`],
    'dormancy-warning': sl
      ? [`Naročnina bo ${dayOf(invoice.dormantAt, language)} prešla v mirovanje`, `Račun ${n} z rokom plačila ${due} še ni plačan. Odprti znesek je ${balance}.`]
      : [`Your account becomes dormant on ${dayOf(invoice.dormantAt, language)}`, `Invoice ${n}, due on ${due}, is still unpaid. The balance is ${balance}.`],
  };
  const [subject, opening] = copy[kind];
  const paragraphs = [opening];
  if (kind === 'overdue' || kind === 'dormancy-warning') {
    // obligation: DUN-2
    paragraphs.push(
      sl
        ? `Če bo račun ${dormantAt} še neplačan, bo naročnina vaše organizacije prešla v mirovanje. ${dormancyMeaning(language)}`
        : `If it is still unpaid on ${dormantAt}, your organisation's account becomes dormant. ${dormancyMeaning(language)}`,
    );
  }
  if (kind === 'dormancy-warning') {
    // obligation: DUN-5
    paragraphs.push(
      sl
        ? `Če naročnine nato do ${deleteAt} ne aktivirate znova, bodo vsi podatki vaše organizacije izbrisani.`
        : `If the account is then not reactivated by ${deleteAt}, all of your organisation's data will be deleted.`,
    );
  }
  paragraphs.push(
    payTo(language, invoice.seller.iban, invoice.paymentReference),
    sl ? 'Če ste račun že plačali, to sporočilo prezrite.' : 'If you have already paid, please disregard this message.',
  );
  return notice(language, subject, paragraphs);
}

/** obligation: DUN-3, DUN-4, DUN-5 — what dormancy blocks, what it leaves, its price and its end. */
export function dormantNotice(language: Language, facts: DormantFacts): BillingNotice {
  const since = formatInstant(facts.since, language);
  const deleteAt = formatInstant(facts.deleteAt, language);
  const fee = totalWithVat(facts.reactivation, language);
  const month = formatMonth(facts.reactivation.month, language);
  if (language === 'sl') {
    return notice(language, `Naročnina je v mirovanju: račun ${facts.invoiceNumber} ni plačan`, [
      `Od ${since} je naročnina vaše organizacije v mirovanju, ker račun ${facts.invoiceNumber} ni bil plačan.`,
      'Še deluje: zajem podatkov (vnosi časa). Blokirano: vse druge zahteve API vrnejo 402 Payment Required.',
      `Za ponovno aktivacijo plačajte ${fee}: eno mesečno naročnino po ceni za ${month}, zadnji mesec, ko je bila naročnina aktivna.`,
      `${payTo(language, facts.iban, facts.paymentReference)} Naročnina bo znova aktivna, ko bo plačilo evidentirano.`,
      `Če naročnine ne aktivirate znova, bodo ${deleteAt} vsi podatki vaše organizacije izbrisani. ${invoicesKept(language)}`,
    ]);
  }
  return notice(language, `Your account is dormant: invoice ${facts.invoiceNumber} is unpaid`, [
    `Since ${since} your organisation's account has been dormant because invoice ${facts.invoiceNumber} was not paid.`,
    'Still working: data capture (time entries). Blocked: every other API request answers 402 Payment Required.',
    `To reactivate, pay ${fee}: one monthly fee at the price of ${month}, the last month the account was active.`,
    `${payTo(language, facts.iban, facts.paymentReference)} The account is active again as soon as the payment is recorded.`,
    `If the account is not reactivated, all of your organisation's data will be deleted on ${deleteAt}. ${invoicesKept(language)}`,
  ]);
}

/** obligation: DUN-5, DUN-6 — the warnings ahead of deletion say how to prevent it or what to save. */
export function deletionWarningNotice(language: Language, facts: DeletionWarningFacts): BillingNotice {
  const deleteAt = formatInstant(facts.deleteAt, language);
  const sl = language === 'sl';
  const payment = facts.iban && facts.paymentReference ? ` ${payTo(language, facts.iban, facts.paymentReference)}` : '';
  let remedy: string;
  if (facts.cause === 'dormancy') {
    const amount = facts.reactivation ? totalWithVat(facts.reactivation, language) : undefined;
    remedy = sl
      ? `Naročnina je v mirovanju zaradi neplačanega računa. Izbris preprečite s plačilom zneska za ponovno aktivacijo${amount ? ` ${amount}` : ', navedenega v obvestilu o mirovanju'}.${payment}`
      : `Your account is dormant because of an unpaid invoice. To prevent the deletion, pay the reactivation fee${amount ? ` of ${amount}` : ' stated in the dormancy notice'}.${payment}`;
  } else {
    remedy = sl
      ? 'Takrat se pogodba vaše organizacije konča: podatke, ki jih potrebujete, izvozite pred tem datumom.'
      : 'Your contract ends then: export any data you need before that date.';
  }
  return notice(language, sl ? `Podatki bodo izbrisani ${dayOf(facts.deleteAt, language)}` : `Your data will be deleted on ${dayOf(facts.deleteAt, language)}`, [
    sl
      ? `Čez ${days(facts.daysAhead, language)}, ${deleteAt}, bodo vsi podatki vaše organizacije izbrisani. ${invoicesKept(language)}`
      : `In ${days(facts.daysAhead, language)}, on ${deleteAt}, all of your organisation's data will be deleted. ${invoicesKept(language)}`,
    remedy,
  ]);
}

/** obligation: DUN-4 — the reactivation fee replaces the unpaid invoices; the message names them. */
export function reactivatedNotice(language: Language, facts: ReactivatedFacts): BillingNotice {
  const fee = total(facts.total, language);
  const credited = facts.creditedInvoiceNumbers;
  if (language === 'sl') {
    return notice(
      language,
      'Naročnina je znova aktivna',
      [
        `Prejeli smo plačilo za ponovno aktivacijo v znesku ${fee} (račun ${facts.invoiceNumber}). Naročnina vaše organizacije je znova aktivna in vse zahteve API delujejo kot prej.`,
        ...(credited.length > 0 ? ['Plačilo za ponovno aktivacijo nadomešča starejše neplačane račune, zato smo jih preklicali z dobropisi:'] : []),
      ],
      credited.map((number) => `račun ${number}`),
    );
  }
  return notice(
    language,
    'Your account is active again',
    [
      `We have received the reactivation fee of ${fee} (invoice ${facts.invoiceNumber}). Your organisation's account is active again and every API request works as before.`,
      ...(credited.length > 0 ? ['The reactivation fee replaces the older unpaid invoices, so we have cancelled them with credit notes:'] : []),
    ],
    credited.map((number) => `invoice ${number}`),
  );
}

/** The end of a contract, by the tenant (BIL-6) or by the operator (TRM-3), and what follows (DUN-6). */
export function contractEndingNotice(language: Language, facts: ContractEndingFacts): BillingNotice {
  const endsAt = formatInstant(facts.endsAt, language);
  const sl = language === 'sl';
  let subject: string;
  let opening: string;
  let reason: string[] = [];
  if (facts.kind === 'cancellation') {
    // obligation: BIL-6
    subject = sl ? 'Potrjujemo odpoved pogodbe' : 'Your cancellation is confirmed';
    opening = sl
      ? `Prejeli smo vašo pisno odpoved. Pogodba preneha ob koncu plačanega obdobja, ${endsAt}. Že plačanih naročnin ne vračamo.`
      : `We have received your written cancellation. The contract ends at the end of the paid period, on ${endsAt}. Fees already paid are not refunded.`;
  } else {
    // obligation: TRM-3
    subject = sl ? 'Odpoved pogodbe z vašo organizacijo' : 'We are terminating the contract with your organisation';
    opening = sl
      ? `Pogodbo z vašo organizacijo odpovedujemo. Pogodba preneha ${endsAt}.`
      : `We are terminating the contract with your organisation. The contract ends on ${endsAt}.`;
    if (facts.reason) reason = [sl ? `Razlog: ${facts.reason}` : `Reason: ${facts.reason}`];
  }
  // obligation: DUN-6
  const after = sl
    ? `Do takrat imate poln dostop do storitve in lahko izvozite svoje podatke. Nato bodo vsi podatki vaše organizacije izbrisani. ${invoicesKept(language)}`
    : `Until then you keep full access and can export your data. After that, all of your organisation's data will be deleted. ${invoicesKept(language)}`;
  return notice(language, subject, [opening, ...reason, after]);
}

export function paymentReceivedNotice(language: Language, facts: PaymentReceivedFacts): BillingNotice {
  const amount = total(facts.amount, language);
  const balance = formatMoney(Math.abs(facts.balanceCents), facts.currency, language);
  if (language === 'sl') {
    return notice(language, `Prejeli smo plačilo za račun ${facts.invoiceNumber}`, [
      `Evidentirali smo plačilo ${amount} za račun ${facts.invoiceNumber}.`,
      facts.balanceCents > 0 ? `Še odprto: ${balance}.` : facts.balanceCents < 0 ? `Preplačilo: ${balance} vam dolgujemo.` : 'Račun je s tem poravnan.',
    ]);
  }
  return notice(language, `Payment received for invoice ${facts.invoiceNumber}`, [
    `We have recorded a payment of ${amount} for invoice ${facts.invoiceNumber}.`,
    facts.balanceCents > 0 ? `Still to pay: ${balance}.` : facts.balanceCents < 0 ? `Overpaid: ${balance} is owed to you.` : 'The invoice is now settled.',
  ]);
}
