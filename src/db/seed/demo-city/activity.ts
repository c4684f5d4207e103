/**
 * The demo city's recent activity, so a first `npm start` shows queues, timelines, a map, a
 * supervisor's day and dashboards with something in them.
 *
 * Requests are real NYC and Los Angeles 311 records moved into Portland (`real-sample.ts`: place,
 * kind of problem, the source's own words, channel and whether it was still open), spread over the
 * last weeks and taken through the real intake and status machine with the clock set to each moment,
 * so routing, SLA due times, the timeline and the rollups are what they would have been. They carry
 * no requester: the demo city holds no one's personal data. Contacts (calls, walk-ins, e-mails…) are
 * synthetic — the samples have no contact log — drawn from plain, stated proportions below.
 */
import type { Deps } from '../../../deps.ts';
import type { AuditContext } from '../../../modules/audit/index.ts';
import type { AttributeDefinition } from '../../../modules/catalog/attributes.ts';
import { getService, type CatalogService } from '../../../modules/catalog/service.ts';
import { logContact } from '../../../modules/contacts/index.ts';
import { reverseGeocode } from '../../../modules/geo/index.ts';
import { createServiceRequest } from '../../../modules/requests/intake.ts';
import { transitionServiceRequest } from '../../../modules/requests/lifecycle.ts';
import type { ServiceRequest } from '../../../modules/requests/model.ts';
import { demoCity } from './index.ts';
import { loadRealSample, type SamplePoint } from './real-sample.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const ACTOR = 'demo city';
const AUDIT: AuditContext = { actor: { kind: 'system', label: 'demo city activity' } };

export interface DemoActivityOptions {
  requests?: number;
  contacts?: number;
  days?: number;
  seed?: number;
}

export interface DemoActivitySummary {
  requests: number;
  resolved: number;
  contacts: number;
}

/** A small seeded generator (mulberry32), so every demo city gets the same activity. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick<T>(items: readonly T[], random: () => number): T {
  return items[Math.floor(random() * items.length)] as T;
}

/** Picks by weight: [[value, weight], …]. */
function weighted<T>(choices: ReadonlyArray<readonly [T, number]>, random: () => number): T {
  const total = choices.reduce((sum, [, w]) => sum + w, 0);
  let r = random() * total;
  for (const [value, w] of choices) if ((r -= w) < 0) return value;
  return choices[choices.length - 1]![0];
}

/** An answer to a required question, so the real validation accepts the request. */
function answer(def: AttributeDefinition, when: Date, random: () => number): unknown {
  const keys = def.values.map((v) => v.key);
  switch (def.datatype) {
    case 'string':
    case 'text':
      return 'Noted by the resident when reporting.';
    case 'number':
      return 1 + Math.floor(random() * 5);
    case 'datetime':
      return new Date(when.getTime() - random() * DAY).toISOString();
    case 'singlevaluelist':
      return pick(keys, random);
    case 'multivaluelist':
      return [pick(keys, random)];
  }
}

/** A moment during the working day (Pacific time, 8 a.m.–6 p.m. ≈ 16:00–02:00 UTC) `daysAgo` days back. */
function workingMoment(now: Date, daysAgo: number, random: () => number): Date {
  const day = new Date(now.getTime() - daysAgo * DAY);
  day.setUTCHours(16, 0, 0, 0);
  return new Date(day.getTime() + Math.floor(random() * 10 * HOUR));
}

const at = (deps: Deps, when: Date): Deps => ({ ...deps, clock: { now: () => when } });

/** Takes one request from new towards where its source record was, never past now. */
async function progress(deps: Deps, request: ServiceRequest, created: Date, closedInSource: boolean, now: Date, random: () => number): Promise<boolean> {
  const steps: Array<{ to: 'acknowledged' | 'in_progress' | 'resolved'; after: number; publicNote?: string }> = [{ to: 'acknowledged', after: (1 + random() * 5) * HOUR }];
  if (closedInSource || random() < 0.4) steps.push({ to: 'in_progress', after: (0.5 + random() * 2) * DAY });
  if (closedInSource) steps.push({ to: 'resolved', after: (1 + random() * 8) * DAY, publicNote: 'Crews took care of this. Thank you for reporting it.' });
  let version = request.version;
  let when = created.getTime();
  for (const step of steps) {
    when += step.after;
    if (when >= now.getTime()) return false;
    const moved = await transitionServiceRequest(at(deps, new Date(when)), { request: request.id, to: step.to, expectedVersion: version, actor: ACTOR, ...(step.publicNote ? { publicNote: step.publicNote } : {}) });
    version = moved.version;
  }
  return closedInSource;
}

async function seedRequests(deps: Deps, points: SamplePoint[], o: Required<DemoActivityOptions>, random: () => number): Promise<{ created: Array<{ request: ServiceRequest; at: Date }>; resolved: number }> {
  const now = deps.clock.now();
  const services = new Map<string, CatalogService>();
  const created: Array<{ request: ServiceRequest; at: Date }> = [];
  let resolved = 0;
  for (let i = 0; i < o.requests; i++) {
    const p = pick(points, random);
    let service = services.get(p.serviceCode);
    if (!service) services.set(p.serviceCode, (service = await getService(deps, 'portland', p.serviceCode)));
    // More of the recent days than the old ones, as a live queue has.
    const when = workingMoment(now, Math.floor(o.days * random() ** 1.6), random);
    if (when >= now) continue;
    const attributes: Record<string, unknown> = {};
    for (const def of service.attributes) if (def.variable && def.required) attributes[def.code] = answer(def, when, random);
    const near = await reverseGeocode(deps, p.lat, p.lon).catch(() => null);
    const address = near?.address && near.address.distanceMeters < 400 ? `Near ${near.address.label}` : undefined;
    const { request } = await createServiceRequest(at(deps, when), {
      jurisdictionId: 'portland',
      serviceCode: p.serviceCode,
      channel: p.channel,
      description: p.description,
      location: { lat: p.lat, long: p.lon },
      ...(address ? { address } : {}),
      attributes,
      actor: ACTOR,
    });
    created.push({ request, at: when });
    if (await progress(deps, request, when, !p.open, now, random)) resolved++;
  }
  return { created, resolved };
}

async function seedContacts(deps: Deps, created: Array<{ request: ServiceRequest; at: Date }>, o: Required<DemoActivityOptions>, random: () => number): Promise<number> {
  const now = deps.clock.now();
  const agent = await deps.db.selectFrom('staff_users').select('id').where('email', '=', 'agent@demo.frontdoor.example').executeTakeFirst();
  const agencies = demoCity.departments.filter((d) => d.kind === 'agency').map((d) => d.id);
  const departments = demoCity.departments.filter((d) => d.kind === 'department').map((d) => d.id);
  const byPhone = created.filter((c) => c.request.channel === 'phone');
  let logged = 0;
  for (let i = 0; i < o.contacts; i++) {
    const channel = weighted([['phone', 60], ['web', 8], ['email', 10], ['walk_in', 10], ['sms', 6], ['chat', 6]] as const, random);
    const startedAt = workingMoment(now, Math.floor(o.days * random() ** 1.3), random);
    if (startedAt >= now) continue;
    const abandoned = channel === 'phone' && random() < 0.06;
    const outcome = abandoned ? 'abandoned' : weighted([['answered', 46], ['request_created', 24], ['referred', 16], ['transferred', 6], ['callback', 4]] as const, random);
    const language = weighted([['en', 84], ['es', 9], ['vi', 3], ['zh-Hant', 2], ['ru', 2]] as const, random);
    // Waits: most calls answered within the 25-second target, a tail that is not.
    const waitSeconds = channel === 'phone' ? Math.round(-Math.log(1 - random()) * 18) : 0;
    const handleSeconds = abandoned ? 0 : Math.round(90 + random() * 420);
    const linked = outcome === 'request_created' && byPhone.length ? pick(byPhone, random) : null;
    await logContact(
      deps,
      {
        jurisdictionId: 'portland',
        agentId: abandoned || !agent ? null : agent.id,
        channel,
        startedAt: startedAt.toISOString(),
        waitSeconds,
        handleSeconds,
        language,
        interpreterUsed: language !== 'en' && random() < 0.6,
        ...(linked ? { requests: [linked.request.trackingNumber], topics: [{ kind: 'service' as const, ref: linked.request.serviceCode }] } : {}),
        close: {
          outcome,
          endedAt: new Date(startedAt.getTime() + (waitSeconds + handleSeconds) * 1000).toISOString(),
          ...(outcome === 'referred' ? { referredAgencyId: pick(agencies, random) } : {}),
          ...(outcome === 'transferred' ? { transferredDepartmentId: pick(departments, random) } : {}),
        },
      },
      AUDIT,
    );
    logged++;
  }
  return logged;
}

/**
 * Gives a newly seeded demo city its recent weeks: requests from the real samples taken through
 * intake and the status machine, and a contact log. Only for a fresh demo database.
 */
export async function seedDemoActivity(deps: Deps, options: DemoActivityOptions = {}): Promise<DemoActivitySummary> {
  const o: Required<DemoActivityOptions> = { requests: 300, contacts: 400, days: 42, seed: 311, ...options };
  const random = seeded(o.seed);
  const { points } = await loadRealSample();
  const { created, resolved } = await seedRequests(deps, points, o, random);
  const contacts = await seedContacts(deps, created, o, random);
  return { requests: created.length, resolved, contacts };
}
