import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import { Option, type Command } from 'commander';
import type { Deps } from '../../deps.ts';
import { AppError } from '../../lib/errors.ts';
import { EXPORT_FORMATS, exportOpenData, parseSince, type ExportFormat } from './export.ts';

/** Adds `export requests --format csv|geojson [--since DATE] [--output FILE]` to the CLI's `export` command. */
export function registerOpenDataCommands(exportCommand: Command, run: <T>(fn: (deps: Deps) => Promise<T>) => Promise<T>): void {
  exportCommand
    .command('requests')
    .description('Export service requests as open data (no personal data, no confidential requests, sensitive locations coarsened; docs/open-data.md).')
    .addOption(new Option('--format <format>', 'csv or geojson').choices(EXPORT_FORMATS).makeOptionMandatory())
    .option('--since <date>', 'only requests created or changed since this date (2024-05-01) or time (ISO 8601 with a zone)')
    .option('--output <file>', 'write to this file (replaced only when the export is complete) instead of standard output')
    .action(async (opts: { format: ExportFormat; since?: string; output?: string }) => {
      let since: Date | undefined;
      try {
        since = parseSince(opts.since);
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        console.error(error.message);
        process.exitCode = 1;
        return;
      }
      const partial = opts.output ? `${opts.output}.partial` : null;
      const out = partial ? createWriteStream(partial) : process.stdout;
      try {
        await run(async (deps) => {
          for await (const chunk of exportOpenData(deps, { format: opts.format, since })) if (!out.write(chunk)) await once(out, 'drain');
        });
        if (partial && opts.output) {
          out.end();
          await finished(out);
          await rename(partial, opts.output);
          console.error(`Requests exported to ${opts.output}`);
        }
      } catch (error) {
        if (partial) {
          out.destroy();
          await rm(partial, { force: true });
        }
        throw error;
      }
    });
}
