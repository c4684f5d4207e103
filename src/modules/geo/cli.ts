import { Option, type Command } from 'commander';
import type { Deps } from '../../deps.ts';
import { AppError } from '../../lib/errors.ts';
import { importOpenAddresses, type AddressImportSummary } from './import.ts';

const n = (x: number): string => x.toLocaleString('en-US');

/** The summary the CLI prints: counts, then each skip reason with example lines. */
export function formatAddressImportSummary(s: AddressImportSummary): string {
  const lines = [
    `Imported ${s.file} (${s.format}) into the gazetteer in ${(s.durationMs / 1000).toFixed(1)} s`,
    `  read        ${n(s.read)}`,
    `  new         ${n(s.inserted)}`,
    `  updated     ${n(s.updated)}`,
    `  unchanged   ${n(s.unchanged)}`,
    `  repeated    ${n(s.repeated)} (the same address again in the file; the last one kept)`,
    `  skipped     ${n(s.skipped)}`,
  ];
  for (const [reason, r] of Object.entries(s.skips).sort((a, b) => b[1].count - a[1].count)) lines.push(`    ${reason}: ${n(r.count)} — e.g. ${r.examples.join('; ')}`);
  return lines.join('\n');
}

/** Adds `import addresses --format openaddresses FILE` to the CLI's `import` command. */
export function registerGeoCommands(importCommand: Command, _exportCommand: Command, run: <T>(fn: (deps: Deps) => Promise<T>) => Promise<T>): void {
  importCommand
    .command('addresses')
    .description('Import address points into the gazetteer (geocoding for the portal and the API). Re-running it changes nothing.')
    .argument('<file>', 'the CSV file to import')
    .addOption(new Option('--format <format>', 'the file format').choices(['openaddresses']).makeOptionMandatory())
    .option('--source <name>', "the source's name kept with each point (default: openaddresses:<file name>)")
    .action(async (file: string, opts: { format: 'openaddresses'; source?: string }) => {
      try {
        const summary = await run((deps) => importOpenAddresses(deps, file, { source: opts.source }));
        console.log(formatAddressImportSummary(summary));
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        console.error(`Nothing more was imported: ${error.message}`);
        process.exitCode = 1;
      }
    });
}
