import { hostname, userInfo } from 'node:os';
import type { Command } from 'commander';
import type { Deps } from '../../deps.ts';
import { AppError } from '../../lib/errors.ts';
import type { AuditContext } from '../audit/index.ts';
import { exportArticleDirectory, importArticleDirectory, type ArticleImportSummary } from './import.ts';

function cliContext(): AuditContext {
  let who = 'unknown';
  try {
    who = userInfo().username;
  } catch {
    // no user name (a container without a passwd entry): keep "unknown"
  }
  return { actor: { kind: 'cli', label: `${who}@${hostname()}` } };
}

export function formatArticleImportSummary(dir: string, s: ArticleImportSummary): string {
  return `Imported ${s.read} article file${s.read === 1 ? '' : 's'} from ${dir}: ${s.created} new, ${s.updated} updated (a new version each), ${s.unchanged} unchanged`;
}

/**
 * Adds `import articles DIR` and `export articles DIR` to the CLI's `import` and `export` commands.
 * The directory holds one `<slug>.<locale>.md` file per article per language (see src/modules/kb/format.ts).
 */
export function registerKbCommands(importCommand: Command, exportCommand: Command, run: <T>(fn: (deps: Deps) => Promise<T>) => Promise<T>): void {
  importCommand
    .command('articles')
    .description('Import knowledge-base articles: every <slug>.<locale>.md file of a directory. All or nothing; re-running it changes nothing.')
    .argument('<dir>', 'the directory of article files')
    .action(async (dir: string) => {
      try {
        const summary = await run((deps) => importArticleDirectory(deps, dir, { audit: cliContext() }));
        console.log(formatArticleImportSummary(dir, summary));
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        console.error(`Nothing was imported: ${error.message}`);
        process.exitCode = 1;
      }
    });

  exportCommand
    .command('articles')
    .description('Export every knowledge-base article (every status, staff-only ones and call scripts included) as <slug>.<locale>.md files.')
    .argument('<dir>', 'the directory to write (created if needed; files of the same names are replaced)')
    .action(async (dir: string) => {
      const n = await run((deps) => exportArticleDirectory(deps, dir));
      console.log(`Exported ${n} article file${n === 1 ? '' : 's'} to ${dir}`);
    });
}
