import { hostname, userInfo } from 'node:os';
import { Command, InvalidArgumentError, Option } from 'commander';
import type { Deps } from '../../deps.ts';
import type { AuditContext } from '../audit/index.ts';
import { createApiKey, listApiKeys, revokeApiKey } from './api-keys.ts';
import { createUser, findUserIdByEmail, listUsers, updateUser, type StaffUser } from './users.ts';

/** Runs `work` with the migrated database of the current settings, then closes it. */
export type WithDeps = <T>(work: (deps: Deps) => Promise<T>) => Promise<T>;

/** The command line is an actor of its own in the audit log, named after the operating-system user. */
function cliContext(): AuditContext {
  let who = 'unknown';
  try {
    who = userInfo().username;
  } catch {
    // some containers run as a user without a name
  }
  return { actor: { kind: 'cli', label: `${who}@${hostname()}` } };
}

const collect = (value: string, previous: string[] = []): string[] => [...previous, ...value.split(',').map((v) => v.trim()).filter(Boolean)];

const positiveId = (value: string): number => {
  if (!/^[1-9]\d{0,14}$/.test(value)) throw new InvalidArgumentError('must be the key\'s id, a positive whole number (see apikey list)');
  return Number(value);
};

/** The whole of standard input, without its final line break (`echo "$PW" | frontdoor user create --password-stdin`). */
async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

const describeUser = (u: StaffUser): string =>
  `${u.id}\t${u.email}\t${u.name}\t${u.status}\t${u.roles.join(',')}\t${u.departments.join(',') || '-'}\t${u.lastSignInAt?.toISOString() ?? 'never signed in'}`;

/** `frontdoor user …` and `frontdoor apikey …`: staff accounts and API keys from the command line. */
export function registerIdentityCommands(cli: Command, withDeps: WithDeps): void {
  const user = cli.command('user').description('Staff accounts: create, list, disable, set roles.');

  user
    .command('create')
    .description('Create a staff account. Without --password-stdin a strong random password is printed, once.')
    .requiredOption('--email <email>', 'sign-in e-mail address')
    .requiredOption('--name <name>', 'full name')
    .addOption(new Option('--role <role>', 'agent, bureau_staff, supervisor, analyst or administrator (repeatable)').argParser(collect).makeOptionMandatory())
    .addOption(new Option('--department <id>', 'a department the account belongs to, e.g. pbot (repeatable; bureau_staff needs one)').argParser(collect))
    .option('--password-stdin', 'read the password from standard input (at least 12 characters)')
    .action(async (opts: { email: string; name: string; role: string[]; department?: string[]; passwordStdin?: boolean }) => {
      const password = opts.passwordStdin ? await readStdin() : undefined;
      const { user: created, generatedPassword } = await withDeps((deps) =>
        createUser(deps, { email: opts.email, name: opts.name, roles: opts.role, departments: opts.department ?? [], password }, cliContext()),
      );
      console.log(`Created staff account ${created.id} for ${created.email} (${created.roles.join(', ')}${created.departments.length ? `; ${created.departments.join(', ')}` : ''}).`);
      if (generatedPassword) console.log(`Password, shown only this once:\n${generatedPassword}`);
    });

  user
    .command('list')
    .description('List staff accounts: id, e-mail, name, status, roles, departments, last sign-in.')
    .addOption(new Option('--status <status>', 'only active or disabled accounts').choices(['active', 'disabled']))
    .action(async (opts: { status?: 'active' | 'disabled' }) => {
      const users = await withDeps((deps) => listUsers(deps, opts.status ? { status: opts.status } : {}));
      if (!users.length) console.log('No staff accounts yet. Create one with: frontdoor user create --email … --name … --role administrator');
      for (const u of users) console.log(describeUser(u));
    });

  const statusCommands = [
    { name: 'disable', status: 'disabled', description: 'Disable a staff account and end all its sessions at once.', done: 'Disabled %s; its sessions have ended.' },
    { name: 'enable', status: 'active', description: 'Enable a disabled staff account again (also lifts a lock from failed sign-ins).', done: 'Enabled %s.' },
  ] as const;
  for (const { name, status, description, done } of statusCommands) {
    user
      .command(name)
      .description(description)
      .requiredOption('--email <email>', 'the account\'s e-mail address')
      .action(async (opts: { email: string }) => {
        const updated = await withDeps(async (deps) => updateUser(deps, await findUserIdByEmail(deps, opts.email), { status }, cliContext()));
        console.log(done.replace('%s', updated.email));
      });
  }

  user
    .command('set-role')
    .description('Replace a staff account\'s roles.')
    .requiredOption('--email <email>', 'the account\'s e-mail address')
    .addOption(new Option('--role <role>', 'the new role (repeatable for several)').argParser(collect).makeOptionMandatory())
    .addOption(new Option('--department <id>', 'replace the departments too (repeatable)').argParser(collect))
    .action(async (opts: { email: string; role: string[]; department?: string[] }) => {
      const updated = await withDeps(async (deps) =>
        updateUser(deps, await findUserIdByEmail(deps, opts.email), { roles: opts.role, ...(opts.department && { departments: opts.department }) }, cliContext()),
      );
      console.log(`${updated.email} now has the role${updated.roles.length > 1 ? 's' : ''} ${updated.roles.join(', ')}.`);
    });

  const apikey = cli.command('apikey').description('API keys for other software: create, list, revoke.');

  apikey
    .command('create')
    .description('Create an API key and print it, once (only a hash of it is kept).')
    .requiredOption('--name <name>', 'what the key is for, e.g. "PDX Reporter app"')
    .requiredOption('--scopes <scopes>', 'comma-separated: open311:write, requests:read, requests:write, requests:read_personal, requests:export, analytics:read', collect)
    .option('--rate-limit <perMinute>', 'requests a minute (default: the server\'s FRONTDOOR_API_KEY_RATE_LIMIT)', (v) => {
      if (!/^[1-9]\d{0,5}$/.test(v)) throw new InvalidArgumentError('must be a whole number of requests a minute');
      return Number(v);
    })
    .action(async (opts: { name: string; scopes: string[]; rateLimit?: number }) => {
      const { apiKey, key } = await withDeps((deps) => createApiKey(deps, { name: opts.name, scopes: opts.scopes, rateLimitPerMinute: opts.rateLimit }, cliContext()));
      console.log(`Created API key ${apiKey.id} "${apiKey.name}" (${apiKey.prefix}) with scopes ${apiKey.scopes.join(', ')}.`);
      console.log('The key, shown only this once; send it as "Authorization: Bearer <key>" or "X-Api-Key: <key>":');
      console.log(key);
    });

  apikey
    .command('list')
    .description('List API keys: id, prefix, name, scopes, rate limit, created, last used, revoked.')
    .action(async () => {
      const keys = await withDeps((deps) => listApiKeys(deps));
      if (!keys.length) console.log('No API keys yet. Create one with: frontdoor apikey create --name … --scopes open311:write');
      for (const k of keys) {
        const state = k.revokedAt ? `revoked ${k.revokedAt.toISOString()}` : 'active';
        console.log(`${k.id}\t${k.prefix}\t${k.name}\t${k.scopes.join(',')}\t${k.rateLimitPerMinute ?? 'default'}/min\t${k.createdAt.toISOString()}\t${k.lastUsedAt?.toISOString() ?? 'never used'}\t${state}`);
      }
    });

  apikey
    .command('revoke')
    .description('Revoke an API key: it stops working at once.')
    .argument('<id>', 'the key\'s id (see apikey list)', positiveId)
    .action(async (id: number) => {
      const revoked = await withDeps((deps) => revokeApiKey(deps, id, cliContext()));
      console.log(`Revoked API key ${revoked.id} "${revoked.name}" (${revoked.prefix}).`);
    });
}
