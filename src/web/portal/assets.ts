import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { html, type SafeHtml } from '../ui/html.ts';

/** Where `npm run build:portal` writes the portal's scripts (Vite's output and manifest). */
export const PORTAL_DIST = fileURLToPath(new URL('../../../dist/portal/', import.meta.url));
const PREFIX = '/assets/portal/';

/** One entry or chunk of Vite's manifest. */
export interface ManifestChunk {
  file: string;
  name?: string;
  isEntry?: boolean;
  isDynamicEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
  css?: string[];
}
export type Manifest = Record<string, ManifestChunk>;

/** Vite's manifest of a portal build, or null when the scripts have not been built. */
export function readManifest(dist = PORTAL_DIST): Manifest | null {
  const file = `${dist}.vite/manifest.json`;
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Manifest) : null;
}

/**
 * The files a page loads at once for an entry: the entry and the chunks it imports statically,
 * transitively (never the chunks it imports on demand, like the map).
 */
export function initialFiles(manifest: Manifest, entry: string): string[] {
  const key = Object.keys(manifest).find((k) => manifest[k]?.isEntry && manifest[k]?.name === entry);
  if (!key) return [];
  const files: string[] = [];
  const visit = (k: string) => {
    const chunk = manifest[k];
    if (!chunk || files.includes(chunk.file)) return;
    files.push(chunk.file);
    for (const i of chunk.imports ?? []) visit(i);
  };
  visit(key);
  return files;
}

let manifest: Manifest | null = null;

/**
 * The script tags of a portal page's enhancement (`report`, `nearby`): a module script (deferred by
 * nature) and module preloads for the chunks it imports. Nothing when the scripts are not built —
 * every page works without them.
 */
export function pageScripts(entry: string): SafeHtml | '' {
  manifest ??= readManifest();
  if (!manifest) return '';
  const [main, ...chunks] = initialFiles(manifest, entry);
  if (!main) return '';
  return html`${chunks.map((f) => html`<link rel="modulepreload" href="${PREFIX}${f}">`)}<script type="module" defer src="${PREFIX}${main}"></script>`;
}

/** Serves the built scripts under /assets/portal/ with a year-long cache (their names carry a hash). */
export async function registerPortalAssets(app: FastifyInstance): Promise<void> {
  const root = `${PORTAL_DIST}assets`;
  if (!existsSync(root)) return;
  await app.register(fastifyStatic, { root, prefix: `${PREFIX}assets/`, decorateReply: false, index: false, immutable: true, maxAge: '365d' });
}
