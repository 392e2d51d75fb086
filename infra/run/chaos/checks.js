'use strict';
/*
 * The chaos run's checks, read after the load through the same APIs a user has (scheduling's
 * appointments, notification's messages per appointment) and at the sinks (MailDev's API, the SMS
 * sink's), against what the load was told (its 2xx answers):
 *   lostChanges            a change answered 2xx that scheduling's state does not show
 *   notificationView       an active appointment without its reminder at its current start, a reminder
 *                          due but not sent, a cancelled or moved-away one still pending
 *   reminders              every due reminder of an active appointment sent exactly once (email by
 *                          Message-ID at MailDev, SMS by idempotency key at the SMS sink); any key
 *                          twice is a duplicate
 *   doubleBookings         two active appointments of one provider that overlap (all of them,
 *                          also those booked by a request whose answer was lost)
 *   errorsOutsideWindows   a 5xx (or no answer) to a request that did not overlap a kill window
 *                          (kill to recovery, plus the grace)
 *   committedDespiteError  appointments of the run the load was never answered 201 for: more than
 *                          the bookings whose retries gave up means an Idempotency-Key did not hold
 */
const { ACTIVE, REMINDER_OFFSET, REMINDER_OFFSET_MS } = require('./load');

const PARALLEL = 8;
const compact = (t) => new Date(t).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}Z$/, 'Z');
const reminderId = (appointmentId, start) => `rem_${appointmentId}_${REMINDER_OFFSET}_${compact(start)}`;
const OCCUPYING = new Set(['booked', 'confirmed', 'checked-in', 'completed']);

async function inBatches(items, fn) {
  const out = [];
  for (let i = 0; i < items.length; i += PARALLEL) out.push(...(await Promise.all(items.slice(i, i + PARALLEL).map(fn))));
  return out;
}

/** Scheduling's appointments of the run's patients (one patient per provider), of the run's type. */
async function schedulingState(desk, fixtures) {
  const all = [];
  for (const p of fixtures.providers) {
    for (let offset = 0; ; offset += 200) {
      const page = await desk.expect(200, 'GET', `/appointments?patientId=${encodeURIComponent(p.patientId)}&limit=200&offset=${offset}`);
      all.push(...page.items.filter((a) => a.appointmentTypeId === fixtures.typeId));
      if (page.items.length < 200) break;
    }
  }
  return all;
}

/** Message id -> how many copies each sink holds, for the reminders of the run's appointments. */
async function sinkCounts(env, isOurs) {
  const counts = new Map();
  const add = (id) => isOurs(id) && counts.set(id, (counts.get(id) ?? 0) + 1);
  const mails = await (await fetch(`${env.MAIL_API_URL}/email`)).json();
  for (const m of mails) add((m.messageId ?? '').replace(/^<|@.*$/g, ''));
  const sms = await (await fetch(`${env.SMS_SINK_URL}/messages`)).json();
  for (const m of sms.items) if (m.idempotencyKey) add(m.idempotencyKey);
  return counts;
}

function overlapsWindow(q, windows, graceMs) {
  return windows.some((w) => q.answeredAt >= w.killedAt && q.sentAt <= w.end + graceMs);
}

/**
 * One pass of every check at `now`. `sendAllowanceMs`: how late a due reminder may still be
 * unsent before it counts as not sent (the settle loop passes again until then).
 */
async function check({ desk, env, fixtures, load, windows, graceMs, sendAllowanceMs, now = Date.now() }) {
  const { appointments, requests } = load;
  const state = await schedulingState(desk, fixtures);
  const byId = new Map(state.map((a) => [a.id, a]));
  const views = await inBatches(state, async (a) => {
    const res = await desk.call('GET', `/appointments/${a.id}/notifications`);
    if (res.status !== 200) throw new Error(`GET /appointments/${a.id}/notifications: ${res.status}`);
    return [a.id, res.body.items.filter((n) => n.kind === 'appointment-reminder')];
  });
  const notifications = new Map(views);
  const counts = await sinkCounts(env, (id) => {
    const m = /^rem_(.+)_PT\w+_\d{8}T\d{6}Z$/.exec(id);
    return Boolean(m && byId.has(m[1]));
  });

  const lostChanges = [];
  const missingFromScheduling = [];
  for (const c of appointments.values()) {
    const s = byId.get(c.id);
    if (!s) {
      missingFromScheduling.push(c.id);
      continue;
    }
    if (c.uncertain) continue;
    const statusAgrees = c.status === 'cancelled' ? s.status === 'cancelled' : ACTIVE.has(s.status);
    if (!statusAgrees || Date.parse(s.start) !== c.start) lostChanges.push({ id: c.id, expected: { status: c.status, start: new Date(c.start).toISOString() }, scheduling: { status: s.status, start: s.start } });
  }

  const view = { missingReminder: [], wrongDueAt: [], dueNotSent: [], pendingAfterCancel: [], pendingAtOldStart: [], failed: [] };
  const reminders = { due: 0, sentOnce: 0, lost: [], duplicates: [], notYetDue: 0, sending: 0, sentAfterCancel: 0, sentAtOldStart: 0, unexpected: 0 };
  for (const s of state) {
    const items = notifications.get(s.id);
    const c = appointments.get(s.id);
    const start = Date.parse(s.start);
    const expectedId = reminderId(s.id, start);
    const pending = (n) => n.status === 'scheduled' || n.status === 'sending';
    if (ACTIVE.has(s.status)) {
      const due = start - REMINDER_OFFSET_MS;
      // A reminder is planned only if it was due after the change that set this start committed.
      const set = c && !c.uncertain ? c.starts.findLast((x) => x.start === start) : undefined;
      const setAt = set?.at;
      const expected = setAt !== undefined && due > setAt;
      const r = items.find((n) => n.id === expectedId);
      if (expected && !r) {
        const during = windows.find((w) => setAt >= w.killedAt && setAt - set.ms <= w.end + graceMs)?.target ?? null;
        view.missingReminder.push({ id: s.id, reminder: expectedId, setAt: new Date(setAt).toISOString(), requestMs: set.ms, duringKillOf: during, revision: s.revision, status: s.status, messages: items.map((n) => `${n.id} ${n.status}`) });
      }
      if (r && r.dueAt && Date.parse(r.dueAt) !== due) view.wrongDueAt.push({ id: r.id, dueAt: r.dueAt, expected: new Date(due).toISOString() });
      if (r?.status === 'failed') view.failed.push({ id: r.id, reason: r.reason });
      if (due <= now && (expected || r)) {
        const n = counts.get(expectedId) ?? 0;
        // Due, not yet at a sink and recorded sent, but within the allowance: the checks wait for it.
        if (!(n >= 1 && r?.status === 'sent') && due > now - sendAllowanceMs) reminders.sending++;
        else {
          reminders.due++;
          if (n === 1 && r?.status === 'sent') reminders.sentOnce++;
          else if (n === 0) reminders.lost.push({ id: expectedId, due: new Date(due).toISOString(), status: r?.status ?? 'not planned' });
          if (r && r.status !== 'sent') view.dueNotSent.push({ id: r.id, status: r.status, dueAt: r.dueAt });
        }
      } else if (due > now) reminders.notYetDue++;
      for (const n of items.filter((x) => x.id !== expectedId)) {
        if (pending(n)) view.pendingAtOldStart.push({ id: n.id, status: n.status });
        if (n.status === 'sent') reminders.sentAtOldStart++;
      }
    } else if (s.status === 'cancelled') {
      for (const n of items) {
        if (pending(n)) view.pendingAfterCancel.push({ id: n.id, status: n.status });
        if (n.status === 'sent') reminders.sentAfterCancel++;
      }
    }
  }
  for (const [id, n] of counts) if (n > 1) reminders.duplicates.push({ id, copies: n });
  // A message at a sink that notification does not list as sent (e.g. sent, then recorded as something else).
  const sentIds = new Set([...notifications.values()].flat().filter((n) => n.status === 'sent').map((n) => n.id));
  reminders.unexpected = [...counts.keys()].filter((id) => !sentIds.has(id)).length;

  const doubleBookings = [];
  const byProvider = new Map();
  for (const s of state.filter((a) => OCCUPYING.has(a.status))) byProvider.set(s.providerId, [...(byProvider.get(s.providerId) ?? []), s]);
  for (const list of byProvider.values()) {
    list.sort((a, b) => Date.parse(a.start) - Date.parse(b.start));
    for (let i = 1; i < list.length; i++) {
      if (Date.parse(list[i].start) < Date.parse(list[i - 1].end)) doubleBookings.push({ providerId: list[i].providerId, a: { id: list[i - 1].id, start: list[i - 1].start, end: list[i - 1].end }, b: { id: list[i].id, start: list[i].start } });
    }
  }

  const errors = requests.filter((q) => q.status === 0 || q.status >= 500);
  const outside = errors.filter((q) => !overlapsWindow(q, windows, graceMs));
  const clientErrors = {};
  for (const q of requests.filter((x) => x.status >= 400 && x.status < 500)) clientErrors[`${q.status} ${q.detail ?? ''}`.trim()] = (clientErrors[`${q.status} ${q.detail ?? ''}`.trim()] ?? 0) + 1;

  const known = new Set(appointments.keys());
  const report = {
    checkedAt: new Date(now).toISOString(),
    appointments: {
      inScheduling: state.length,
      answered2xx: appointments.size,
      committedDespiteError: state.filter((s) => !known.has(s.id)).length,
      uncertain: [...appointments.values()].filter((c) => c.uncertain).length,
      active: state.filter((s) => ACTIVE.has(s.status)).length,
      cancelled: state.filter((s) => s.status === 'cancelled').length,
    },
    lostChanges: { count: lostChanges.length + missingFromScheduling.length, first: [...missingFromScheduling.map((id) => ({ id, scheduling: 'missing' })), ...lostChanges].slice(0, 10) },
    notificationView: Object.fromEntries(Object.entries(view).map(([k, v]) => [k, { count: v.length, first: v.slice(0, 5) }])),
    reminders: { ...reminders, lost: { count: reminders.lost.length, first: reminders.lost.slice(0, 10) }, duplicates: { count: reminders.duplicates.length, first: reminders.duplicates.slice(0, 10) } },
    doubleBookings: { count: doubleBookings.length, first: doubleBookings.slice(0, 10) },
    errors: {
      total: errors.length,
      insideWindows: errors.length - outside.length,
      outsideWindows: outside.length,
      firstOutside: outside.slice(0, 10).map((q) => ({ ...q, sentAt: new Date(q.sentAt).toISOString(), answeredAt: new Date(q.answeredAt).toISOString() })),
      clientErrors,
    },
  };
  const failures = [];
  // What may still catch up (a view behind, a reminder not yet out); errors and duplicates are final.
  const waiting = Boolean(report.lostChanges.count || Object.values(view).some((v) => v.length) || reminders.lost.length || reminders.sending);
  // Every booking retried with its Idempotency-Key until answered: one committed that the load was
  // never answered 201 for means a retry did not find its first attempt's outcome.
  const committedUnanswered = report.appointments.committedDespiteError - load.counts.unresolvedBookings;
  if (committedUnanswered > 0) failures.push(`${committedUnanswered} bookings committed but answered otherwise to every retry with their Idempotency-Key`);
  if (report.lostChanges.count) failures.push(`${report.lostChanges.count} committed changes missing from scheduling`);
  for (const [k, v] of Object.entries(view)) if (v.length) failures.push(`notification view: ${v.length} ${k}`);
  if (reminders.lost.length) failures.push(`${reminders.lost.length} due reminders never reached a sink`);
  // A run in which no reminder fell due proved nothing about sending (a fast load whose near visits were all cancelled or moved).
  if (reminders.sending) failures.push(`${reminders.sending} due reminders not yet at a sink`);
  if (!reminders.due) failures.push('no reminder fell due during the run: nothing was checked at the sinks');
  if (reminders.duplicates.length) failures.push(`${reminders.duplicates.length} reminders sent more than once`);
  if (doubleBookings.length) failures.push(`${doubleBookings.length} double bookings`);
  if (outside.length) failures.push(`${outside.length} 5xx or unanswered requests outside the kill windows`);
  return { report, failures, waiting };
}

module.exports = { check, reminderId };
