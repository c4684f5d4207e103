import { Option, type Command } from 'commander';
import { loadConfig } from '../../config.ts';
import type { Deps } from '../../deps.ts';
import { AppError } from '../../lib/errors.ts';
import { importRequests, type ImportProgress, type ImportSummary } from './import.ts';
import { BUILTIN_FORMATS } from './mapping.ts';

const n = (x: number): string => x.toLocaleString('en-US');

/** The summary the CLI prints: counts, then each skip reason with examples. */
export function formatRequestImportSummary(s: ImportSummary): string {
  const seconds = s.durationMs / 1000;
  const lines = [
    `Imported ${s.file} (${s.format}, source ${s.source}) into ${s.jurisdictionId} in ${seconds.toFixed(1)} s` +
      (s.resumedAt ? `, resumed after record ${n(s.resumedAt)}` : ''),
    `  read        ${n(s.read)}`,
    `  imported    ${n(s.imported)}`,
    `  duplicates  ${n(s.duplicates)} (already imported from ${s.source})`,
    `  skipped     ${n(s.skipped)}`,
  ];
  for (const [reason, r] of Object.entries(s.skips).sort((a, b) => b[1].count - a[1].count)) {
    lines.push(`    ${reason}: ${n(r.count)} — e.g. ${r.examples.join('; ')}`);
  }
  if (s.servicesCreated.length) {
    const shown = s.servicesCreated.slice(0, 8).join(', ') + (s.servicesCreated.length > 8 ? ', …' : '');
    lines.push(`  new catalog entries under "Imported" (inactive): ${n(s.servicesCreated.length)} (${shown})`);
  }
  return lines.join('\n');
}

/** A progress bar on a terminal; plain lines with `--progress` elsewhere; nothing otherwise. */
function progressReporter(forceLines: boolean): ((p: ImportProgress) => void) | undefined {
  const tty = process.stderr.isTTY;
  if (!tty && !forceLines) return undefined;
  const started = Date.now();
  return (p) => {
    const fraction = p.totalBytes ? Math.min(1, p.bytesRead / p.totalBytes) : 0;
    const rate = p.records / Math.max(0.001, (Date.now() - started) / 1000);
    if (tty) {
      const width = 30;
      const done = Math.round(fraction * width);
      process.stderr.write(`\r[${'#'.repeat(done)}${'-'.repeat(width - done)}] ${(fraction * 100).toFixed(0).padStart(3)}%  ${n(p.records)} records  ${n(Math.round(rate))}/s `);
      if (fraction >= 1) process.stderr.write('\n');
    } else {
      process.stderr.write(`progress: ${n(p.records)} records committed (${(fraction * 100).toFixed(0)}%)\n`);
    }
  };
}

/** Adds `import requests FILE --format …|--mapping …` to the CLI's `import` command. */
export function registerHistoryCommands(importCommand: Command, run: <T>(fn: (deps: Deps) => Promise<T>) => Promise<T>): void {
  importCommand
    .command('requests')
    .description(
      'Import service-request history: NYC 311 or LA 311 CSV, an Open311 GeoReport v2 requests response, or any CSV with a mapping file (docs/import-mapping.md). ' +
        'Re-running it adds nothing; an interrupted import resumes where it stopped.',
    )
    .argument('<file>', 'the file to import')
    .addOption(new Option('--format <format>', 'a built-in format').choices(BUILTIN_FORMATS))
    .option('--mapping <file>', 'a mapping file (JSON) for any other CSV')
    .option('--source <name>', "the source's name, which with each record's id makes re-runs idempotent (default: the mapping's)")
    .option('--jurisdiction <id>', 'the jurisdiction the requests belong to (default: the default jurisdiction)')
    .option('--batch-size <rows>', 'rows per transaction', (v) => Number.parseInt(v, 10))
    .option('--progress', 'print a line per committed batch on standard error even when it is not a terminal')
    .action(async (file: string, opts: { format?: (typeof BUILTIN_FORMATS)[number]; mapping?: string; source?: string; jurisdiction?: string; batchSize?: number; progress?: boolean }) => {
      if (!opts.format && !opts.mapping) {
        console.error('Nothing was imported: give --format nyc311|la311|open311 or --mapping mapping.json');
        process.exitCode = 1;
        return;
      }
      if (opts.format && opts.mapping) {
        console.error('Nothing was imported: give either --format or --mapping, not both');
        process.exitCode = 1;
        return;
      }
      if (opts.batchSize !== undefined && !(opts.batchSize >= 1 && opts.batchSize <= 100_000)) {
        console.error('Nothing was imported: --batch-size must be a whole number from 1 to 100000');
        process.exitCode = 1;
        return;
      }
      const { databaseUrl } = loadConfig();
      try {
        const summary = await run((deps) =>
          importRequests(deps, file, {
            format: opts.format,
            mappingFile: opts.mapping,
            source: opts.source,
            jurisdictionId: opts.jurisdiction,
            databaseUrl,
            batchSize: opts.batchSize,
            onProgress: progressReporter(Boolean(opts.progress)),
          }),
        );
        console.log(formatRequestImportSummary(summary));
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        console.error(`Import stopped: ${error.message}`);
        process.exitCode = 1;
      }
    });
}
