import type {
  MaintenanceNoticeKind,
  MaintenanceStatus,
  NotPlannedReason,
} from '../model/maintenance.ts';
import { NOTICE_KINDS } from '../model/maintenance.ts';
import { RuleViolation } from './rule-violation.ts';

const HOUR_MS = 3_600_000;
const MINUTE_MS = 60_000;

/** The reminder goes out this long before the start (MNT-2 "shortly before"). */
const REMINDER_BEFORE_MS = HOUR_MS;
/**
 * The announcement reaches many tenants: the request sends what it can in a few seconds and the
 * job (every 5 minutes) the rest. Finishing within this grace still counts as announced on time.
 */
const ANNOUNCEMENT_FAN_OUT_GRACE_MS = 15 * MINUTE_MS;
/** A start this far in the past is still "now" (clocks and typing); earlier is refused. */
const PAST_START_TOLERANCE_MS = 5 * MINUTE_MS;

/** The times a maintenance's notices and status follow from. */
export interface MaintenanceTimes {
  startsAt: string;
  expectedMaxDurationMinutes: number;
  /** When it was scheduled: the announcement is due then. */
  createdAt: string;
  startedAt?: string | undefined;
  completedAt?: string | undefined;
}

export interface LeadTimeDecision {
  countsAsPlanned: boolean;
  notPlannedReason?: NotPlannedReason;
}

/**
 * obligation: MNT-1 — planned maintenance is announced at least `leadHours` before it starts.
 * Hours are absolute (48 h is 172,800 s even across a daylight-saving change), measured from
 * the announcement, which is the scheduling request itself. Later work is refused unless it is
 * an emergency, and emergency work is not planned maintenance for the availability guarantee
 * (SLA-2).
 */
export function checkLeadTime(input: { startsAt: Date; now: Date; leadHours: number; emergency: boolean }): LeadTimeDecision {
  const ahead = input.startsAt.getTime() - input.now.getTime();
  if (ahead < -PAST_START_TOLERANCE_MS) {
    throw new RuleViolation('startsAt', 'must not lie in the past');
  }
  if (input.emergency) return { countsAsPlanned: false, notPlannedReason: 'emergency' };
  if (ahead < input.leadHours * HOUR_MS) {
    throw new RuleViolation(
      'startsAt',
      `must be at least ${input.leadHours} hours after the announcement (now); urgent work may be scheduled with emergency: true, which does not count as planned maintenance`,
    );
  }
  return { countsAsPlanned: true };
}

/**
 * obligation: SLA-2 — the announcement was out to everyone at `announcedAt`; if that was later than
 * the lead time before the start, beyond the fan-out grace (SES failed and the job caught up
 * later), the work is not planned.
 */
export function plannedAfterAnnouncement(
  decided: LeadTimeDecision,
  times: { startsAt: string },
  announcedAt: Date,
  leadHours: number,
): LeadTimeDecision {
  if (!decided.countsAsPlanned) return decided;
  const ahead = new Date(times.startsAt).getTime() - announcedAt.getTime();
  return ahead + ANNOUNCEMENT_FAN_OUT_GRACE_MS >= leadHours * HOUR_MS ? decided : { countsAsPlanned: false, notPlannedReason: 'announced-late' };
}

/** The end of the announced window. */
export function windowEnd(times: Pick<MaintenanceTimes, 'startsAt' | 'expectedMaxDurationMinutes'>): Date {
  return new Date(new Date(times.startsAt).getTime() + times.expectedMaxDurationMinutes * MINUTE_MS);
}

/**
 * scheduled → in-progress → completed, derived from the recorded times: a scheduled maintenance
 * is in progress from its start time even before anyone records it (the job records it then).
 */
export function statusAt(times: MaintenanceTimes, now: Date): MaintenanceStatus {
  if (times.completedAt !== undefined) return 'completed';
  if (times.startedAt !== undefined || now.getTime() >= new Date(times.startsAt).getTime()) return 'in-progress';
  return 'scheduled';
}

/** Derived: not completed when the announced window ended (or completed only after it). */
export function overrunAt(times: MaintenanceTimes, now: Date): boolean {
  const end = windowEnd(times).getTime();
  if (times.completedAt !== undefined) return new Date(times.completedAt).getTime() > end;
  return now.getTime() > end;
}

export interface ScheduledNotice {
  kind: MaintenanceNoticeKind;
  dueAt: Date;
}

/**
 * obligation: MNT-2 — when each notice is due: the announcement when scheduled; the reminder an
 * hour before the start (none when scheduled within that hour: the announcement says as much);
 * the start at the start recorded or, failing that, the announced one; the overrun at the end of
 * the announced window unless completed by then; the completion when recorded. Absolute times,
 * so a window across a daylight-saving change is as long as announced.
 */
export function noticeSchedule(times: MaintenanceTimes): ScheduledNotice[] {
  const created = new Date(times.createdAt);
  const start = new Date(times.startsAt);
  const end = windowEnd(times);
  const notices: ScheduledNotice[] = [{ kind: 'announcement', dueAt: created }];
  const reminder = new Date(start.getTime() - REMINDER_BEFORE_MS);
  if (reminder.getTime() > created.getTime()) notices.push({ kind: 'reminder', dueAt: reminder });
  notices.push({ kind: 'start', dueAt: times.startedAt === undefined ? start : new Date(times.startedAt) });
  const completed = times.completedAt === undefined ? undefined : new Date(times.completedAt);
  if (completed === undefined || completed.getTime() > end.getTime()) notices.push({ kind: 'overrun', dueAt: end });
  if (completed !== undefined) notices.push({ kind: 'completion', dueAt: completed });
  return notices;
}

export interface NoticeDecision {
  /** The notice to send now, if any. */
  send?: ScheduledNotice;
  /** Earlier notices, due and never sent, that the one to send makes pointless. */
  supersede: MaintenanceNoticeKind[];
}

const ORDER = (kind: MaintenanceNoticeKind) => NOTICE_KINDS.indexOf(kind);

/**
 * obligation: MNT-2 — what a run at `now` sends: the latest notice that is due and not yet done.
 * Catching up after missed runs, older due notices that were never sent are superseded (a
 * reminder after the start has happened, say) rather than sent late in a burst; a notice that
 * is under way (`done` lacks it but it is the latest) is finished.
 */
export function dueNotice(times: MaintenanceTimes, done: ReadonlySet<MaintenanceNoticeKind>, now: Date): NoticeDecision {
  const due = noticeSchedule(times)
    .filter((n) => n.dueAt.getTime() <= now.getTime())
    .sort((a, b) => ORDER(a.kind) - ORDER(b.kind));
  const latest = due.at(-1);
  if (latest === undefined || done.has(latest.kind)) return { supersede: [] };
  const supersede = due.filter((n) => n !== latest && !done.has(n.kind)).map((n) => n.kind);
  return { send: latest, supersede };
}
