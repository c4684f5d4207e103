import { Command, Option } from 'commander';
import { buildApp } from './app.ts';
import { ConfigError, loadConfig, type Config } from './config.ts';
import { DataDirInUseError, openDatabase, type DbHandle } from './db/client.ts';
import { migrate } from './db/migrate.ts';
import { seedDemoCity, seedDemoCityIfEmpty } from './db/seed/index.ts';
import type { Deps } from './deps.ts';
import { Worker, queueJobHandlers, queueSchedules } from './jobs/queue.ts';
import { systemClock } from './lib/clock.ts';
import { AppError, ValidationError } from './lib/errors.ts';
import { registerDirectoryCommands } from './modules/directory/index.ts';
import { registerKbCommands } from './modules/kb/index.ts';
import { registerGeoCommands } from './modules/geo/index.ts';
import { registerHistoryCommands } from './modules/history/index.ts';
import { registerOpenDataCommands } from './modules/opendata/index.ts';
import { registerIdentityCommands } from './modules/identity/cli.ts';
import { hasStaffUsers } from './modules/identity/index.ts';
import { requestJobHandlers, requestSchedules } from './modules/requests/index.ts';
import { residentJobHandlers } from './modules/residents/index.ts';
import { createSmtpMailer } from './lib/mailer.ts';
import { alertJobHandlers, alertSchedules } from './modules/alerts/index.ts';
import { analyticsJobHandlers, analyticsSchedules, registerAnalyticsCommands } from './modules/analytics/index.ts';
import { smsDelivery } from './modules/sms/index.ts';
import { registerChannel } from './modules/notifications/outbox.ts';
import { NotificationDispatcher, createEmailChannel, startInboundSmtp } from './modules/notifications/index.ts';

/** The CLI: `frontdoor serve | migrate | seed | user | apikey | import | export`. Every command reads the same settings as the server. */

async function withDatabase<T>(config: Config, run: (handle: DbHandle, deps: Deps) => Promise<T>): Promise<T> {
  const handle = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, poolSize: config.poolSize });
  try {
    return await run(handle, { db: handle.db, clock: systemClock });
  } finally {
    await handle.close();
  }
}

const where = (config: Config): string => (config.databaseUrl ? `PostgreSQL at ${new URL(config.databaseUrl).host}` : `PGlite in ${config.dataDir}`);

async function serve(config: Config, options: { seedDemoIfEmpty: boolean; demoActivity: boolean }): Promise<void> {
  const handle = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, poolSize: config.poolSize });
  const deps: Deps = { db: handle.db, clock: systemClock };
  const applied = await migrate(handle);
  const mailer = config.smtpUrl ? createSmtpMailer(config.smtpUrl, config.mailFrom) : null;
  const app = await buildApp({ deps, handle, config, mailer });
  // Texts in the notification outbox go out through the SMS provider when one is configured.
  if (config.sms) registerChannel('sms', smsDelivery(config.sms));
  // E-mails in the outbox go out over SMTP (pooled connections) when a server is configured.
  const email = config.smtpUrl
    ? createEmailChannel({ smtpUrl: config.smtpUrl, from: config.mailFrom, publicUrl: config.publicUrl, inboundAddress: config.notifications.inboundAddress, maxConnections: config.notifications.smtpConnections })
    : null;
  if (email) registerChannel('email', email.deliver);
  if (applied.length) app.log.info({ applied }, 'migrations applied');
  if (options.seedDemoIfEmpty) {
    const seeded = await seedDemoCityIfEmpty(deps, { activity: options.demoActivity });
    if (seeded) app.log.info(seeded, 'demo city loaded into the empty database');
    if (seeded?.demoStaffAccounts) app.log.warn('demo staff accounts created with the published demo password (README.md): for trying Frontdoor out only');
  }
  if (!(await hasStaffUsers(deps))) {
    app.log.warn(
      'No staff account exists yet. Create the first administrator with: npx frontdoor user create --email you@example.gov --name "Your Name" --role administrator' +
        (config.databaseUrl ? '' : ' (stop the server first: the embedded database takes one process at a time)'),
    );
  }
  const worker = config.worker
    ? new Worker(deps, { handlers: { ...queueJobHandlers, ...requestJobHandlers, ...residentJobHandlers(mailer), ...alertJobHandlers(config.publicUrl), ...analyticsJobHandlers }, schedules: [...queueSchedules, ...requestSchedules, ...alertSchedules, ...analyticsSchedules], log: app.log })
    : null;
  worker?.start();
  // The outbox is delivered by workers of its own, side by side, so a burst of notifications neither
  // waits behind nor delays the other jobs.
  const notificationWorkers = config.worker
    ? Array.from({ length: config.notifications.workers }, () => new NotificationDispatcher(deps, { batchSize: 50, pollMs: 500, log: app.log }))
    : [];
  for (const w of notificationWorkers) w.start();
  const inbound = config.notifications.inboundSmtpPort
    ? await startInboundSmtp(deps, { port: config.notifications.inboundSmtpPort, host: config.notifications.inboundSmtpHost, address: config.notifications.inboundAddress, log: app.log })
    : null;
  if (inbound) app.log.info({ port: inbound.port, address: config.notifications.inboundAddress }, 'inbound SMTP listener started');

  let stopping = false;
  const stop = async (signal: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    app.log.info({ signal }, 'shutting down');
    await worker?.stop();
    await Promise.all(notificationWorkers.map((w) => w.stop()));
    await inbound?.close();
    email?.close();
    await app.close();
    await handle.close(); // PGlite writes its data directory out on close
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));

  await app.listen({ port: config.port, host: config.host });
  app.log.info(`Frontdoor is serving on http://localhost:${config.port} (${where(config)})`);
}

function program(): Command {
  const cli = new Command('frontdoor')
    .description('Frontdoor 311: one front door to every city service.')
    .addHelpText('after', '\nSettings come from the environment: PORT, HOST, FRONTDOOR_DATA_DIR, DATABASE_URL, LOG_LEVEL, FRONTDOOR_WORKER, … (README.md).');

  cli
    .command('serve')
    .description('Migrate the database, then serve the portal, the APIs and the background worker.')
    .addOption(new Option('--seed-demo-if-empty', 'load the demo city when the database has no catalog yet'))
    .addOption(new Option('--no-demo-activity', "with --seed-demo-if-empty: the demo city without its recent weeks of requests and contacts"))
    .action(async (opts: { seedDemoIfEmpty?: boolean; demoActivity?: boolean }) => serve(loadConfig(), { seedDemoIfEmpty: Boolean(opts.seedDemoIfEmpty), demoActivity: opts.demoActivity !== false }));

  cli
    .command('migrate')
    .description('Apply database migrations that have not been applied yet, then exit.')
    .action(async () => {
      const config = loadConfig();
      const applied = await withDatabase(config, (handle) => migrate(handle));
      console.log(applied.length ? `Applied ${applied.join(', ')} to ${where(config)}` : `${where(config)} is up to date`);
    });

  cli
    .command('seed')
    .description('Load the demo city (Portland and Multnomah County): catalog, departments, districts, routing rules. Safe to re-run.')
    .action(async () => {
      const config = loadConfig();
      const summary = await withDatabase(config, async (handle, deps) => {
        await migrate(handle);
        return seedDemoCity(deps);
      });
      console.log(`Demo city loaded into ${where(config)}:`);
      for (const [what, n] of Object.entries(summary)) console.log(`  ${what}: ${n}`);
    });

  /** Runs a command's work on the configured database, migrated first. */
  const onDatabase = <T>(work: (deps: Deps) => Promise<T>): Promise<T> =>
    withDatabase(loadConfig(), async (handle, deps) => {
      await migrate(handle);
      return work(deps);
    });
  registerIdentityCommands(cli, onDatabase);
  const importCommand = cli.command('import').description('Import data into Frontdoor (see the subcommands).');
  const exportCommand = cli.command('export').description('Export data from Frontdoor (see the subcommands).');
  registerDirectoryCommands(importCommand, exportCommand, onDatabase);
  registerHistoryCommands(importCommand, onDatabase);
  registerOpenDataCommands(exportCommand, onDatabase);
  registerKbCommands(importCommand, exportCommand, onDatabase);
  registerGeoCommands(importCommand, exportCommand, onDatabase);
  registerAnalyticsCommands(cli, onDatabase);
  return cli;
}

try {
  await program().parseAsync(process.argv);
} catch (error) {
  if (error instanceof ConfigError || error instanceof DataDirInUseError) {
    console.error(error.message);
    process.exit(2);
  }
  if (error instanceof AppError) {
    // A refusal the user can act on (bad input, unknown account): the message, not a stack trace.
    const problems = error instanceof ValidationError && error.problems.length > 1 ? error.problems.map((p) => `\n  - ${p.message}`).join('') : '';
    console.error(`${error.message}${problems}`);
    process.exit(1);
  }
  throw error;
}
