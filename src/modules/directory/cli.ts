import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import { Option, type Command } from 'commander';
import type { Deps } from '../../deps.ts';
import { AppError } from '../../lib/errors.ts';
import { ENTITY_KEYS } from './entities.ts';
import { exportDirectory } from './export.ts';
import { importDirectory, type DirectoryImportSummary } from './import.ts';
import { IMPORT_FORMATS, type ImportFormat } from './schemas.ts';

/** The import summary as the CLI prints it: one line per entity, then reasons and notes. */
export function formatImportSummary(summary: DirectoryImportSummary): string {
  const lines = [`Imported ${summary.source} (${summary.format}) in ${(summary.durationMs / 1000).toFixed(1)} s`];
  const width = Math.max(...ENTITY_KEYS.map((k) => k.length));
  for (const key of ENTITY_KEYS) {
    const e = summary.entities[key];
    if (e.read === 0) continue;
    lines.push(
      `  ${key.padEnd(width)}  read ${String(e.read).padStart(6)}  imported ${String(e.imported).padStart(6)} (new ${e.inserted}, updated ${e.updated}, unchanged ${e.unchanged})  skipped ${e.skipped}`,
    );
    for (const s of e.skips) lines.push(`      skipped ${s.count}: ${s.reason} — e.g. ${s.examples.join('; ')}`);
    for (const a of e.adjustments) lines.push(`      adjusted ${a.count}: ${a.reason} — e.g. ${a.examples.join('; ')}`);
  }
  if (summary.notes.length) lines.push('  Notes:', ...summary.notes.map((n) => `    - ${n}`));
  return lines.join('\n');
}

/**
 * Adds `import directory FILE [--format hsds-csv|hsds-json]` and `export directory [--out FILE]`
 * to the CLI's `import` and `export` commands. `run` opens the configured database (migrated)
 * and closes it afterwards. A refused import prints why and exits with status 1, writing nothing.
 */
export function registerDirectoryCommands(importCommand: Command, exportCommand: Command, run: <T>(fn: (deps: Deps) => Promise<T>) => Promise<T>): void {
  importCommand
    .command('directory')
    .description('Import a referral directory: an HSDS 1.x/2.x CSV data package (zip) or HSDS 3.0 JSON services. Re-running it changes nothing.')
    .argument('<file>', 'the data package zip or the JSON file')
    .addOption(new Option('--format <format>', 'the file format (detected from the file when left out)').choices(IMPORT_FORMATS))
    .action(async (file: string, opts: { format?: ImportFormat }) => {
      try {
        const summary = await run((deps) => importDirectory(deps, file, { format: opts.format }));
        console.log(formatImportSummary(summary));
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        console.error(`Nothing was imported: ${error.message}`);
        process.exitCode = 1;
      }
    });

  exportCommand
    .command('directory')
    .description('Export the referral directory as HSDS 3.0 JSON: an array of fully nested services.')
    .option('--out <file>', 'write to this file (replaced only when the export is complete) instead of standard output')
    .action(async (opts: { out?: string }) => {
      const partial = opts.out ? `${opts.out}.partial` : null;
      const out = partial ? createWriteStream(partial) : process.stdout;
      try {
        await run(async (deps) => {
          for await (const chunk of exportDirectory(deps)) if (!out.write(chunk)) await once(out, 'drain');
        });
        if (partial && opts.out) {
          out.end();
          await finished(out);
          await rename(partial, opts.out);
          console.log(`Directory exported to ${opts.out}`);
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
