import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import type { Deps } from '../../deps.ts';
import { AppError } from '../../lib/errors.ts';
import { loadPopulations } from './equity.ts';
import { rebuildRollups, refreshRollups } from './rollup.ts';

/**
 * `frontdoor analytics rebuild | refresh | populations FILE`: rebuild the rollups from every row,
 * bring them up to date, or load district populations from a CSV (district_id,population,source[,as_of]).
 */
export function registerAnalyticsCommands(cli: Command, run: <T>(fn: (deps: Deps) => Promise<T>) => Promise<T>): void {
  const analytics = cli.command('analytics').description('Dashboards’ data: rollups and district populations (see the subcommands).');
  analytics
    .command('rebuild')
    .description('Compute every rollup (hours, days, months) again from all requests and contacts (after a restore or a bulk change made with triggers off).')
    .action(async () => {
      const started = Date.now();
      const r = await run((deps) => rebuildRollups(deps));
      console.log(`Rollups rebuilt in ${((Date.now() - started) / 1000).toFixed(1)} s: ${r.requestRows} request rows, ${r.binRows} duration bins, ${r.contactRows} contact rows${r.contactLog ? '' : ' (no contact log in this database)'}`);
    });
  analytics
    .command('refresh')
    .description('Add the changes logged since the last refresh to the rollups and their day and month levels (the server’s worker does this every 15 s).')
    .action(async () => {
      const r = await run((deps) => refreshRollups(deps));
      console.log(`Refreshed ${r?.requestHours ?? 0} request hours and ${r?.contactHours ?? 0} contact hours`);
    });
  analytics
    .command('populations')
    .description('Load district populations for the equity lens from a CSV with a header: district_id,population,source[,as_of]')
    .argument('<file>', 'the CSV file')
    .action(async (file: string) => {
      try {
        const districts = parsePopulationCsv(readFileSync(file, 'utf8'));
        const n = await run((deps) => loadPopulations(deps, { districts }, { actor: { kind: 'cli', label: 'frontdoor analytics populations' } }));
        console.log(`Loaded the population of ${n} district${n === 1 ? '' : 's'}`);
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        console.error(`Nothing was loaded: ${error.message}`);
        process.exitCode = 1;
      }
    });
}

/** Rows of a population CSV (simple: no quoted commas; sources with commas must be quoted whole). */
export function parsePopulationCsv(text: string): { districtId: string; population: number; source: string; asOf?: string }[] {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  const header = (lines.shift() ?? '').split(',').map((h) => h.trim());
  const at = (name: string) => header.indexOf(name);
  if (at('district_id') < 0 || at('population') < 0 || at('source') < 0) {
    throw new AppError('bad_csv', 400, 'The CSV needs a header with district_id, population and source (and optionally as_of)');
  }
  return lines.map((line) => {
    const cells = line.match(/("([^"]|"")*"|[^,]*)(,|$)/g)?.map((c) => c.replace(/,$/, '').replace(/^"|"$/g, '').replace(/""/g, '"').trim()) ?? [];
    const asOf = at('as_of') >= 0 ? cells[at('as_of')] : undefined;
    return { districtId: cells[at('district_id')] ?? '', population: Number(cells[at('population')]), source: cells[at('source')] ?? '', ...(asOf ? { asOf } : {}) };
  });
}
