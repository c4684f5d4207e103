import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite, types as pgliteTypes } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { PGliteDialect } from './pglite-driver.ts';
import type { Database } from './schema.ts';

export type Db = Kysely<Database>;

/** An open database: the Kysely handle plus what only the engine itself can do. */
export interface DbHandle {
  db: Db;
  engine: 'pglite' | 'postgres';
  /** Runs a multi-statement SQL script without parameters (migrations), inside `executor`'s transaction. */
  execScript(script: string, executor: Db): Promise<void>;
  close(): Promise<void>;
}

export interface OpenOptions {
  /** postgres://… — use that server; otherwise PGlite. */
  databaseUrl?: string;
  /** PGlite data directory; omitted = in memory (tests). */
  dataDir?: string;
  /** PostgreSQL only: the schema to work in (tests isolate themselves in one each). */
  schema?: string;
  /** PostgreSQL only: pool size. */
  poolSize?: number;
}

const INT8 = 20;
const NUMERIC = 1700;
/** Counts and ids fit in a double; numeric SLA targets are small. Both engines parse the same way. */
const toNumber = (value: string): number => Number(value);

/** Opens PGlite or a PostgreSQL pool, with the same type parsing on both. */
export async function openDatabase(options: OpenOptions): Promise<DbHandle> {
  return options.databaseUrl ? openPostgres(options.databaseUrl, options) : openPGlite(options.dataDir);
}

/** Whether a process with this id is running. */
function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Takes the data directory for this process. PGlite is PostgreSQL inside one process: a second
 * process opening the same directory would corrupt it, so it is refused with a message saying who
 * holds it. A lock left by a process that died is taken over. Returns the release function.
 */
export function lockDataDir(dataDir: string): () => void {
  const lockFile = join(dataDir, 'frontdoor.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lockFile, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => rmSync(lockFile, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = Number(readFileSync(lockFile, 'utf8').trim());
      if (Number.isInteger(holder) && holder > 0 && isRunning(holder)) {
        throw new DataDirInUseError(dataDir, holder);
      }
      rmSync(lockFile, { force: true }); // left by a process that is gone
    }
  }
  throw new DataDirInUseError(dataDir, 0);
}

/** The embedded database is open in another process. */
export class DataDirInUseError extends Error {
  constructor(readonly dataDir: string, readonly pid: number) {
    super(
      `The embedded database in ${dataDir} is in use by ${pid ? `process ${pid}` : 'another process'} (a running \`frontdoor serve\`?). ` +
        'Stop it first, or point both at a PostgreSQL server with DATABASE_URL.',
    );
    this.name = 'DataDirInUseError';
  }
}

async function openPGlite(dataDir: string | undefined): Promise<DbHandle> {
  let release = (): void => {};
  if (dataDir) {
    mkdirSync(dataDir, { recursive: true });
    release = lockDataDir(dataDir);
  }
  const pglite = await PGlite.create(dataDir, {
    // Search (migration 0012) needs trigram similarity and accent folding.
    extensions: { pg_trgm, unaccent },
    parsers: { [INT8]: toNumber, [NUMERIC]: toNumber, [pgliteTypes.DATE]: (v: string) => v },
  }).catch((error: unknown) => {
    release();
    throw error;
  });
  const db = new Kysely<Database>({ dialect: new PGliteDialect(pglite) });
  return {
    db,
    engine: 'pglite',
    // PGlite is one connection and the caller's transaction holds it: exec runs inside that transaction.
    execScript: async (script) => {
      await pglite.exec(script);
    },
    close: async () => {
      await db.destroy();
      await pglite.close();
      release();
    },
  };
}

async function openPostgres(databaseUrl: string, options: OpenOptions): Promise<DbHandle> {
  const typeParsers: Record<number, (value: string) => unknown> = {
    [INT8]: toNumber,
    [NUMERIC]: toNumber,
    1082: (v: string) => v, // date stays 'YYYY-MM-DD'
    600: (v: string) => v, // point stays text, as PGlite returns it
    604: (v: string) => v, // polygon too
  };
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    max: options.poolSize ?? 10,
    // public stays on the path: extensions (pg_trgm, unaccent) live there, one copy per database.
    options: options.schema ? `-c search_path=${options.schema},public` : undefined,
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        typeParsers[oid] ?? pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
    },
  });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  await sql`select 1`.execute(db);
  return {
    db,
    engine: 'postgres',
    // With no parameters node-postgres uses the simple protocol, which accepts several statements.
    execScript: async (script, executor) => {
      await sql.raw(script).execute(executor);
    },
    close: async () => {
      await db.destroy();
    },
  };
}
