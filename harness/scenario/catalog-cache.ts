// The catalog without parsing and validating every scenario file at each start (yaml and zod
// cost ~0.2 s of a `labcheck list`): the build validates them and keeps the result in
// dist/catalog.json together with a hash of the files. When the files no longer match the hash
// (a scenario was edited after the build), they are validated again and the copy is refreshed.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { catalogOf, type Catalog } from './catalog-view.js';
import { labFiles } from './catalog-files.js';
import type { LabSpec } from './schema.js';
import { catalogCacheFile, scenariosDir } from '../paths.js';

interface CachedCatalog {
  /** Hash of the scenario files' names and contents the labs were validated from. */
  filesHash: string;
  labs: LabSpec[];
}

/** The validated catalog, from the precompiled copy when it is current. Throws on a broken file. */
export async function loadCatalogFast(dir = scenariosDir, cacheFile = catalogCacheFile): Promise<Catalog> {
  const filesHash = hashFiles(dir, labFiles(dir));
  const cached = readCache(cacheFile);
  if (cached?.filesHash === filesHash) return catalogOf(cached.labs);
  return catalogOf(await validateAndCache(dir, cacheFile));
}

/** Validate every scenario file of `dir` and write the precompiled copy (the build does this). */
export async function validateAndCache(dir = scenariosDir, cacheFile = catalogCacheFile): Promise<LabSpec[]> {
  const { loadCatalog } = await import('./catalog.js');
  const labs = [...loadCatalog(dir).labs.values()];
  try {
    writeFileSync(cacheFile, JSON.stringify({ filesHash: hashFiles(dir, labFiles(dir)), labs } satisfies CachedCatalog));
  } catch {
    /* a read-only install: validate at each start instead */
  }
  return labs;
}

function hashFiles(dir: string, files: string[]): string {
  const hash = createHash('sha256');
  for (const file of files) hash.update(file).update('\0').update(readFileSync(path.join(dir, file))).update('\0');
  return hash.digest('hex');
}

function readCache(file: string): CachedCatalog | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as CachedCatalog;
  } catch {
    return undefined;
  }
}
