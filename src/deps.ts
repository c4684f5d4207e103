import type { Db } from './db/client.ts';
import type { Clock } from './lib/clock.ts';

/** What every service function needs: the database and the clock (injected so tests can move time). */
export interface Deps {
  db: Db;
  clock: Clock;
}
