import { mkdirSync } from 'node:fs';
import { PGlite, types as pgliteTypes } from '@electric-sql/pglite';
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

async function openPGlite(dataDir: string | undefined): Promise<DbHandle> {
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const pglite = await PGlite.create(dataDir, {
    parsers: { [INT8]: toNumber, [NUMERIC]: toNumber, [pgliteTypes.DATE]: (v: string) => v },
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
    options: options.schema ? `-c search_path=${options.schema}` : undefined,
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
