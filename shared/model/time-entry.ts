import * as z from 'zod/mini';
import { id, text, timestamp } from './common.ts';

export const ENTRY_KINDS = ['work', 'break', 'travel', 'leave', 'other'] as const;

const common = {
  kind: z._default(z.enum(ENTRY_KINDS), 'work'),
  note: z.optional(text(0, 500)),
  /** The capturing device's own name for itself. */
  deviceId: z.optional(text(1, 100)),
};

/** A clock event, or a finished interval: what time-tracking devices and apps post (DAT-8). */
export const createTimeEntryBody = z.discriminatedUnion('type', [
  z.strictObject({ type: z.enum(['clock-in', 'clock-out']), at: timestamp, ...common }),
  z.strictObject({ type: z.literal('interval'), start: timestamp, end: timestamp, ...common }).check(
    z.refine((e) => Date.parse(e.end) > Date.parse(e.start), { message: 'end must be after start', path: ['end'] }),
  ),
]);
export type CreateTimeEntryInput = z.infer<typeof createTimeEntryBody>;

export const timeEntry = z.object({
  id,
  subjectId: id,
  type: z.enum(['clock-in', 'clock-out', 'interval']),
  at: z.optional(timestamp),
  start: z.optional(timestamp),
  end: z.optional(timestamp),
  kind: z.enum(ENTRY_KINDS),
  note: z.optional(z.string()),
  deviceId: z.optional(z.string()),
  recordedAt: timestamp,
  recordedBy: z.string(),
});
export type TimeEntry = z.infer<typeof timeEntry>;
