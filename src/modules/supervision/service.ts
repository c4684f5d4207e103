import type { Deps } from '../../deps.ts';
import { getJurisdiction } from '../catalog/service.ts';
import { firstContactResolution } from '../contacts/index.ts';
import * as repo from './repository.ts';

/** The supervisor's overview: live queues per department, problem requests, contacts and staff activity today. */

const LIST_LIMIT = 20;

/**
 * The instant the local day of `now` began in `timeZone`. The zone's offset is read at `now`; on the
 * day a clock change happens this is off by the change for the hours before it (never more than one).
 */
export function startOfLocalDay(now: Date, timeZone: string): Date {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' })
      .formatToParts(now)
      .map((p) => [p.type, Number(p.value)]),
  ) as Record<string, number>;
  const localAsUtc = Date.UTC(parts.year as number, (parts.month as number) - 1, parts.day as number, parts.hour as number, parts.minute as number, parts.second as number);
  const offset = localAsUtc - Math.floor(now.getTime() / 1000) * 1000;
  return new Date(Date.UTC(parts.year as number, (parts.month as number) - 1, parts.day as number) - offset);
}

const line = (r: repo.RequestLine) => ({ id: r.id, trackingNumber: r.tracking_number, department: r.department_id, serviceCode: r.service_code, status: r.status, priority: r.priority, dueAt: r.due_at, createdAt: r.created_at, assignedTo: r.assigned_to });

/**
 * Everything the supervisor's screen shows, computed now. Contacts come from the contact log when it
 * is installed (`contacts.available` says whether it is); first-contact resolution today is the
 * contacts module's own figure (firstContactResolution: inbound contacts closed with an outcome other
 * than abandoned, and the share of them resolved at the first contact) since local midnight.
 */
export async function supervisionOverview(deps: Deps, jurisdictionId?: string) {
  const now = deps.clock.now();
  const jurisdiction = await getJurisdiction(deps, { id: jurisdictionId });
  const today = startOfLocalDay(now, jurisdiction.timeZone);
  const [open, created, resolved, overdue, escalated, activity, withContacts] = await Promise.all([
    repo.selectOpenByDepartment(deps.db, now),
    repo.selectCreatedSince(deps.db, today),
    repo.selectResolvedSince(deps.db, today),
    repo.selectOverdue(deps.db, now, LIST_LIMIT),
    repo.selectEscalated(deps.db, LIST_LIMIT),
    repo.selectRequestActivity(deps.db, today),
    repo.hasContacts(deps.db),
  ]);
  const [channels, agentContacts, fcr] = withContacts
    ? await Promise.all([repo.selectContactsByChannel(deps.db, today), repo.selectContactsByAgent(deps.db, today), firstContactResolution(deps, { from: today, to: new Date(now.getTime() + 1) })])
    : [[], [], { eligible: 0, resolved: 0, rate: null }];

  const departments = new Map<string, { department: string; open: number; newToday: number; overdue: number; escalated: number; unassigned: number; resolvedToday: number }>();
  const dept = (id: string) => {
    let d = departments.get(id);
    if (!d) departments.set(id, (d = { department: id, open: 0, newToday: 0, overdue: 0, escalated: 0, unassigned: 0, resolvedToday: 0 }));
    return d;
  };
  for (const r of open) Object.assign(dept(r.department_id), { open: r.open, overdue: r.overdue, escalated: r.escalated, unassigned: r.unassigned });
  for (const r of created) dept(r.department_id).newToday = r.n;
  for (const r of resolved) dept(r.department_id).resolvedToday = r.n;

  const agents = new Map<number, { userId: number; name: string; email: string; contactsToday: number; transitionsToday: number; changesToday: number; lastActivityAt: Date }>();
  for (const a of activity) agents.set(a.user_id, { userId: a.user_id, name: a.name, email: a.email, contactsToday: 0, transitionsToday: a.transitions, changesToday: a.changes, lastActivityAt: a.last_at });
  for (const c of agentContacts) {
    const a = agents.get(c.user_id);
    if (a) Object.assign(a, { contactsToday: c.contacts, lastActivityAt: c.last_at > a.lastActivityAt ? c.last_at : a.lastActivityAt });
    else agents.set(c.user_id, { userId: c.user_id, name: c.name, email: c.email, contactsToday: c.contacts, transitionsToday: 0, changesToday: 0, lastActivityAt: c.last_at });
  }
  return {
    generatedAt: now,
    todayStartsAt: today,
    timeZone: jurisdiction.timeZone,
    departments: [...departments.values()].sort((a, b) => a.department.localeCompare(b.department)),
    totals: { open: open.reduce((n, r) => n + r.open, 0), overdue: open.reduce((n, r) => n + r.overdue, 0), newToday: created.reduce((n, r) => n + r.n, 0), resolvedToday: resolved.reduce((n, r) => n + r.n, 0) },
    overdue: overdue.map(line),
    escalated: escalated.map(line),
    contacts: {
      available: withContacts,
      total: channels.reduce((n, c) => n + c.n, 0),
      byChannel: channels.map((c) => ({ channel: c.channel, count: c.n })),
      firstContactResolution: { resolved: fcr.resolved, closed: fcr.eligible, rate: fcr.rate },
    },
    agents: [...agents.values()].sort((a, b) => b.lastActivityAt.getTime() - a.lastActivityAt.getTime()),
  };
}
