import * as z from 'zod/mini';
import { id, text, timestamp } from './common.ts';
import { LANGUAGES } from './tenant.ts';

/** Public text in both languages of the status page. */
const bilingualText = (max: number) => z.strictObject({ sl: text(1, max), en: text(1, max) });

export const STATUS_FEED_KINDS = ['maintenance', 'incident-notice'] as const;
export type StatusFeedKind = (typeof STATUS_FEED_KINDS)[number];

/**
 * One public entry of the status page (BRE-3 incident notices; the `maintenance` kind is there
 * for free-form maintenance notes — scheduled maintenance itself is shown from its own items).
 * Public: nothing in it may name a person, and it is immutable once published; an update is a
 * new entry.
 */
export const statusFeedEntry = z.strictObject({
  id,
  kind: z.enum(STATUS_FEED_KINDS),
  title: bilingualText(200),
  body: bilingualText(5000),
  publishedAt: timestamp,
  startsAt: z.optional(timestamp),
  endsAt: z.optional(timestamp),
  /** A short state word shown beside the title, e.g. `investigating`, `resolved`. */
  status: z.optional(text(1, 40)),
});
export type StatusFeedEntry = z.infer<typeof statusFeedEntry>;

const jsonFeedItem = z.object({
  id: z.string(),
  url: z.string(),
  title: z.string(),
  content_text: z.string(),
  date_published: z.string(),
  date_modified: z.optional(z.string()),
  tags: z.array(z.string()),
  _skrbnik: z.object({
    kind: z.enum(STATUS_FEED_KINDS),
    section: z.enum(['current', 'upcoming', 'past', 'notice']),
    status: z.optional(z.string()),
    startsAt: z.optional(z.string()),
    endsAt: z.optional(z.string()),
    completedAt: z.optional(z.string()),
    components: z.optional(z.array(z.string())),
    emergency: z.optional(z.boolean()),
    overrun: z.optional(z.boolean()),
  }),
});

/** JSON Feed 1.1 (https://jsonfeed.org/version/1.1), with the status page's facts under `_skrbnik`. */
export const statusJsonFeed = z.object({
  version: z.literal('https://jsonfeed.org/version/1.1'),
  title: z.string(),
  home_page_url: z.string(),
  feed_url: z.string(),
  language: z.enum(LANGUAGES),
  items: z.array(jsonFeedItem),
});
export type StatusJsonFeed = z.infer<typeof statusJsonFeed>;
