import type { Language } from '../model/tenant.ts';
import { escapeHtml } from '../notices/layout.ts';
import type { StatusItem, StatusSection } from '../services/maintenance/status.ts';
import { COMPONENT_LABELS, STATUS_LABELS } from './maintenance-text.ts';
import { formatInstant } from './money.ts';

/**
 * The page's language: `?lang` if given, else the first of `Accept-Language` (by q-value) that
 * is Slovenian or English, else English.
 */
export function statusLanguage(lang: Language | undefined, acceptLanguage: string | undefined): Language {
  if (lang !== undefined) return lang;
  const ranked = (acceptLanguage ?? '')
    .split(',')
    .map((part, i) => {
      const [tag = '', ...params] = part.trim().toLowerCase().split(';');
      const q = params.map((p) => /^\s*q=([0-9.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
      return { primary: tag.split('-')[0], q: q === undefined ? 1 : Number(q), i };
    })
    .filter((r) => r.q > 0)
    .sort((a, b) => b.q - a.q || a.i - b.i);
  const found = ranked.find((r) => r.primary === 'sl' || r.primary === 'en');
  return (found?.primary as Language | undefined) ?? 'en';
}

const WORDS = {
  sl: {
    title: 'Stanje storitve Skrbnik',
    intro: 'Vzdrževanje in javna obvestila o incidentih. Časi so po ljubljanskem času.',
    current: 'Trenutno vzdrževanje',
    upcoming: 'Načrtovano vzdrževanje',
    past: 'Preteklo vzdrževanje (zadnjih 90 dni)',
    notice: 'Obvestila o incidentih (zadnjih 90 dni)',
    none: { current: 'Trenutno ni vzdrževanja.', upcoming: 'Ni načrtovanega vzdrževanja.', past: 'V zadnjih 90 dneh ni bilo vzdrževanja.', notice: 'Ni obvestil.' },
    components: 'Prizadeto',
    overrun: 'traja dlje od napovedanega',
    emergency: 'nujno',
    completed: 'Končano',
    published: 'Objavljeno',
    feeds: 'Viri',
    language: 'Jezik',
  },
  en: {
    title: 'Skrbnik service status',
    intro: 'Maintenance and public incident notices. Times are Ljubljana time.',
    current: 'Maintenance in progress',
    upcoming: 'Upcoming maintenance',
    past: 'Past maintenance (last 90 days)',
    notice: 'Incident notices (last 90 days)',
    none: { current: 'No maintenance in progress.', upcoming: 'No maintenance scheduled.', past: 'No maintenance in the last 90 days.', notice: 'No notices.' },
    components: 'Affected',
    overrun: 'taking longer than announced',
    emergency: 'emergency',
    completed: 'Completed',
    published: 'Published',
    feeds: 'Feeds',
    language: 'Language',
  },
} as const;

const SECTIONS: StatusSection[] = ['current', 'upcoming', 'past', 'notice'];

function time(iso: string, language: Language): string {
  return `<time datetime="${escapeHtml(iso)}">${escapeHtml(formatInstant(iso, language))}</time>`;
}

function article(item: StatusItem, language: Language): string {
  const w = WORDS[language];
  const badges = [
    item.status !== undefined ? (item.kind === 'maintenance' ? STATUS_LABELS[item.status as keyof typeof STATUS_LABELS]?.[language] ?? item.status : item.status) : undefined,
    item.emergency ? w.emergency : undefined,
    item.overrun ? w.overrun : undefined,
  ].filter((b): b is string => b !== undefined);
  const facts = [
    item.components ? `<li>${w.components}: ${escapeHtml(item.components.map((c) => COMPONENT_LABELS[c][language]).join(', '))}</li>` : '',
    item.completedAt ? `<li>${w.completed}: ${time(item.completedAt, language)}</li>` : '',
    item.kind === 'incident-notice' ? `<li>${w.published}: ${time(item.publishedAt, language)}</li>` : '',
  ].join('');
  return `<article class="item" id="item-${escapeHtml(item.id)}" data-id="${escapeHtml(item.id)}">
<h3>${escapeHtml(item.title[language])}</h3>
${badges.length > 0 ? `<p class="badges">${badges.map((b) => `<span class="badge">${escapeHtml(b)}</span>`).join(' ')}</p>` : ''}
<p>${escapeHtml(item.body[language])}</p>
${facts === '' ? '' : `<ul class="facts">${facts}</ul>`}
</article>`;
}

// Colours meet WCAG AA: body text #1b1b1b on white (17:1), badges #0b3d91 on #e7eefb (9:1), links #0b3d91.
const STYLE = `body{font-family:system-ui,sans-serif;color:#1b1b1b;background:#fff;margin:0;line-height:1.5}
header,main,footer{max-width:48rem;margin:0 auto;padding:0 1rem}
header{border-bottom:1px solid #767676}h1{font-size:1.6rem;margin:1rem 0 .25rem}
h2{font-size:1.25rem;margin:1.5rem 0 .5rem}h3{font-size:1.05rem;margin:0 0 .25rem}
.item{border:1px solid #767676;border-radius:.25rem;padding:.75rem;margin:.5rem 0}
.badge{display:inline-block;background:#e7eefb;color:#0b3d91;border-radius:.25rem;padding:0 .4rem;font-size:.9rem}
.facts{margin:.25rem 0 0;padding-left:1.2rem}a{color:#0b3d91}a:focus{outline:3px solid #1b1b1b}
nav ul{list-style:none;padding:0;display:flex;gap:1rem}footer{border-top:1px solid #767676;margin-top:2rem;font-size:.9rem}`;

/**
 * obligation: MNT-2, BRE-3 — the public status page: landmarks (header, nav, main, footer), one
 * h1, an h2 per section, an h3 per item, the page's language in `lang`. Nothing runs and nothing
 * loads from elsewhere; it holds no personal data.
 */
export function renderStatusPage(items: StatusItem[], language: Language): string {
  const w = WORDS[language];
  const other: Language = language === 'sl' ? 'en' : 'sl';
  const sections = SECTIONS.map((section) => {
    const inSection = items.filter((i) => i.section === section);
    const body = inSection.length === 0 ? `<p>${w.none[section]}</p>` : inSection.map((i) => article(i, language)).join('\n');
    return `<section aria-labelledby="h-${section}" data-section="${section}">
<h2 id="h-${section}">${w[section]}</h2>
${body}
</section>`;
  }).join('\n');
  return `<!doctype html>
<html lang="${language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${w.title}</title>
<link rel="alternate" type="application/feed+json" href="status.json?lang=${language}" title="JSON Feed">
<link rel="alternate" type="application/atom+xml" href="status.atom?lang=${language}" title="Atom">
<style>${STYLE}</style>
</head>
<body>
<header>
<h1>${w.title}</h1>
<p>${w.intro}</p>
<nav aria-label="${w.language}"><ul>
<li><a href="?lang=${other}" hreflang="${other}" lang="${other}">${other === 'sl' ? 'Slovenščina' : 'English'}</a></li>
</ul></nav>
</header>
<main>
${sections}
</main>
<footer>
<p>${w.feeds}: <a href="status.json?lang=${language}">JSON Feed</a> · <a href="status.atom?lang=${language}">Atom</a></p>
</footer>
</body>
</html>
`;
}
