import type { StatusJsonFeed } from '../model/status.ts';
import type { Language } from '../model/tenant.ts';
import { escapeHtml } from '../notices/layout.ts';
import type { StatusItem } from '../services/maintenance/status.ts';

const FEED_TITLE: Record<Language, string> = { sl: 'Stanje storitve Skrbnik', en: 'Skrbnik service status' };

// Links are relative to the feed's own address, so they hold under any API stage prefix.
const pageUrl = (language: Language, id?: string) => `status?lang=${language}${id === undefined ? '' : `#item-${id}`}`;

/** The status page's items as a JSON Feed 1.1, in one language; the facts under `_skrbnik`. */
export function jsonFeed(items: StatusItem[], language: Language): StatusJsonFeed {
  return {
    version: 'https://jsonfeed.org/version/1.1',
    title: FEED_TITLE[language],
    home_page_url: pageUrl(language),
    feed_url: `status.json?lang=${language}`,
    language,
    items: items.map((item) => ({
      id: item.id,
      url: pageUrl(language, item.id),
      title: item.title[language],
      content_text: item.body[language],
      date_published: item.publishedAt,
      ...(item.updatedAt === item.publishedAt ? {} : { date_modified: item.updatedAt }),
      tags: [item.kind, item.section],
      _skrbnik: {
        kind: item.kind,
        section: item.section,
        ...(item.status === undefined ? {} : { status: item.status }),
        ...(item.startsAt === undefined ? {} : { startsAt: item.startsAt }),
        ...(item.endsAt === undefined ? {} : { endsAt: item.endsAt }),
        ...(item.completedAt === undefined ? {} : { completedAt: item.completedAt }),
        ...(item.components === undefined ? {} : { components: item.components }),
        ...(item.emergency === undefined ? {} : { emergency: item.emergency }),
        ...(item.overrun === undefined ? {} : { overrun: item.overrun }),
      },
    })),
  };
}

/**
 * The same items as an Atom feed (RFC 4287). The feed's `updated` is the latest item change, not
 * the request time, so an unchanged feed keeps its bytes and its ETag.
 */
export function atomFeed(items: StatusItem[], language: Language): string {
  const updated = items.map((i) => i.updatedAt).sort().at(-1) ?? '1970-01-01T00:00:00.000Z';
  const entries = items
    .map(
      (item) => `<entry>
<id>urn:skrbnik:status:${escapeHtml(item.kind)}:${escapeHtml(item.id)}</id>
<title>${escapeHtml(item.title[language])}</title>
<link rel="alternate" type="text/html" href="${escapeHtml(pageUrl(language, item.id))}"/>
<published>${escapeHtml(item.publishedAt)}</published>
<updated>${escapeHtml(item.updatedAt)}</updated>
<category term="${escapeHtml(item.kind)}"/>
<category term="${escapeHtml(item.section)}"/>
<summary>${escapeHtml(item.body[language])}</summary>
</entry>`,
    )
    .join('\n');
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${language}">
<id>urn:skrbnik:status:${language}</id>
<title>${FEED_TITLE[language]}</title>
<author><name>Skrbnik</name></author>
<link rel="self" type="application/atom+xml" href="status.atom?lang=${language}"/>
<link rel="alternate" type="text/html" href="${pageUrl(language)}"/>
<updated>${updated}</updated>
${entries}
</feed>
`;
}
