import { IANAZone } from 'luxon';
import { DAY_MS, MINUTE_MS, SECOND_MS, WEEK_MS, civilFromDays, daysFromCivil } from './civil-days.ts';

// Zone offsets. luxon's IANAZone.offset() goes through Intl and costs microseconds, so the
// offset transitions of a zone are found once per (zone, UTC year) — by sampling weekly and
// bisecting to the second where the offset changes — and looked up from then on. (A pair of
// transitions less than a week apart would be missed; a scan of every zone, 1971–2040, found
// none — the closest, Brazil's in October 2000, are exactly 7 days apart and are caught.)

interface Segment {
  readonly start: number;
  readonly end: number;
  readonly offset: number; // minutes east of UTC
}

export class ZoneOffsets {
  readonly #zone: IANAZone;
  readonly #years = new Map<number, readonly Segment[]>();
  #last: Segment | undefined;

  constructor(zone: IANAZone) {
    this.#zone = zone;
  }

  /** UTC offset, in minutes, in effect at instant `t` (ms). */
  offsetAt(t: number): number {
    const last = this.#last;
    if (last !== undefined && t >= last.start && t < last.end) return last.offset;
    const year = civilFromDays(Math.floor(t / DAY_MS))[0];
    let segments = this.#years.get(year);
    if (segments === undefined) {
      segments = this.#build(year);
      this.#years.set(year, segments);
    }
    for (const s of segments) {
      if (t < s.end) {
        this.#last = s;
        return s.offset;
      }
    }
    /* c8 ignore next */
    throw new Error(`ZoneOffsets: no segment for ${t}`);
  }

  #raw(t: number): number {
    return this.#zone.offset(t);
  }

  #build(year: number): Segment[] {
    const yearStart = daysFromCivil(year, 1, 1) * DAY_MS;
    const yearEnd = daysFromCivil(year + 1, 1, 1) * DAY_MS;
    const segments: Segment[] = [];
    let segStart = yearStart;
    let current = this.#raw(yearStart);
    for (let t = yearStart; t < yearEnd; ) {
      const next = Math.min(t + WEEK_MS, yearEnd);
      const nextOffset = this.#raw(next);
      let lo = t;
      while (nextOffset !== current) {
        // The offset changes somewhere in (lo, next]: bisect to the second.
        let loS = lo / SECOND_MS;
        let hiS = next / SECOND_MS;
        while (hiS - loS > 1) {
          const mid = Math.floor((loS + hiS) / 2);
          if (this.#raw(mid * SECOND_MS) === current) loS = mid;
          else hiS = mid;
        }
        const at = hiS * SECOND_MS;
        if (at > segStart) segments.push({ start: segStart, end: at, offset: current });
        segStart = at;
        current = this.#raw(at);
        lo = at;
      }
      t = next;
    }
    if (yearEnd > segStart) segments.push({ start: segStart, end: yearEnd, offset: current });
    return segments;
  }
}

const zoneCache = new Map<string, ZoneOffsets>();

export function zoneOffsets(name: string): ZoneOffsets | undefined {
  let z = zoneCache.get(name);
  if (z === undefined) {
    if (!IANAZone.isValidZone(name)) return undefined;
    z = new ZoneOffsets(IANAZone.create(name));
    zoneCache.set(name, z);
  }
  return z;
}

/**
 * The instant of a local wall time given as "local ms" (day number * DAY_MS + time of day).
 * Gap (nonexistent) times move forward by the gap; repeated times take the first occurrence.
 */
export function wallToInstant(zone: ZoneOffsets, wall: number): number {
  const before = zone.offsetAt(wall - DAY_MS);
  const after = zone.offsetAt(wall + DAY_MS);
  const t1 = wall - before * MINUTE_MS;
  if (before === after) return t1;
  const t2 = wall - after * MINUTE_MS;
  const t1Valid = zone.offsetAt(t1) === before;
  const t2Valid = zone.offsetAt(t2) === after;
  if (t1Valid && t2Valid) return Math.min(t1, t2);
  if (t2Valid) return t2;
  return t1; // t1 valid, or a gap: t1 (old offset) lands past the gap by its length
}

/** Local day number of an instant. */
export function localDayOf(zone: ZoneOffsets, t: number): number {
  return Math.floor((t + zone.offsetAt(t) * MINUTE_MS) / DAY_MS);
}
