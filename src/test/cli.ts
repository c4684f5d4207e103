import { Command } from 'commander';
import type { Deps } from '../deps.ts';

/** How a module adds its `import …` / `export …` subcommands (main.ts passes the same arguments). */
export type RegisterImportExport = (importCommand: Command, exportCommand: Command, run: <T>(fn: (deps: Deps) => Promise<T>) => Promise<T>) => void;

/**
 * Runs a module's import/export commands the way main.ts wires them, on the test's database,
 * capturing what they print and the exit code they set.
 */
export async function runImportExportCommands(register: RegisterImportExport, deps: Deps, args: string[]): Promise<{ out: string; err: string; exitCode: number }> {
  const program = new Command('frontdoor').exitOverride().configureOutput({ writeOut: () => {}, writeErr: () => {} });
  const imports = program.command('import').exitOverride();
  const exports = program.command('export').exitOverride();
  register(imports, exports, <T>(fn: (d: Deps) => Promise<T>) => fn(deps));
  const out: string[] = [];
  const err: string[] = [];
  const log = console.log;
  const error = console.error;
  console.log = (...a: unknown[]) => void out.push(a.join(' '));
  console.error = (...a: unknown[]) => void err.push(a.join(' '));
  try {
    await program.parseAsync(['node', 'frontdoor', ...args]);
    return { out: out.join('\n'), err: err.join('\n'), exitCode: Number(process.exitCode ?? 0) };
  } finally {
    console.log = log;
    console.error = error;
    process.exitCode = 0;
  }
}
