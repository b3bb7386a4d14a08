// The precompiled catalog gives exactly what validating the files gives, and only while it
// matches them: an edited scenario file takes effect (or is reported broken) at the next start.
import { cp, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { loadCatalog } from '../harness/scenario/catalog.js';
import { loadCatalogFast } from '../harness/scenario/catalog-cache.js';
import { scenariosDir } from '../harness/paths.js';

/** A copy of the bundled scenario files and a place for their precompiled catalog. */
async function copyOfScenarios(): Promise<{ dir: string; cache: string }> {
  const base = await mkdtemp(path.join(os.tmpdir(), 'labcheck-catalog-'));
  const dir = path.join(base, 'scenarios');
  await cp(scenariosDir, dir, { recursive: true });
  return { dir, cache: path.join(base, 'catalog.json') };
}

function everyScenario(catalog: ReturnType<typeof loadCatalog>) {
  return [...catalog.labs.keys()].flatMap((lab) => Object.keys(catalog.labs.get(lab)!.roles).flatMap((role) => catalog.scenarios(lab, role)));
}

describe('precompiled catalog', () => {
  test('first start validates and writes it; later starts read it; both equal the validated files', async () => {
    const { dir, cache } = await copyOfScenarios();
    const first = await loadCatalogFast(dir, cache);
    expect(JSON.parse(await readFile(cache, 'utf8')).labs.length).toBe(first.labs.size);
    const second = await loadCatalogFast(dir, cache);
    const validated = loadCatalog(dir);
    expect(everyScenario(first)).toEqual(everyScenario(validated));
    expect(everyScenario(second)).toEqual(everyScenario(validated));
    expect([...second.labs.keys()]).toEqual([...validated.labs.keys()]);
  });

  test('a copy that matches the files is used as it is (no parsing)', async () => {
    const { dir, cache } = await copyOfScenarios();
    await loadCatalogFast(dir, cache);
    const copy = JSON.parse(await readFile(cache, 'utf8'));
    copy.labs[0].title = 'from the precompiled copy';
    await writeFile(cache, JSON.stringify(copy));
    expect((await loadCatalogFast(dir, cache)).labs.get(copy.labs[0].lab)!.title).toBe('from the precompiled copy');
  });

  test('an edited scenario file takes effect at the next start', async () => {
    const { dir, cache } = await copyOfScenarios();
    await loadCatalogFast(dir, cache);
    const echo = path.join(dir, 'echo.yaml');
    await writeFile(echo, (await readFile(echo, 'utf8')).replace('title: TCP echo server and client', 'title: Edited after the build'));
    expect((await loadCatalogFast(dir, cache)).labs.get('echo')!.title).toBe('Edited after the build');
  });

  test('a scenario file broken after the build is reported, never served from the old copy', async () => {
    const { dir, cache } = await copyOfScenarios();
    await loadCatalogFast(dir, cache);
    const echo = path.join(dir, 'echo.yaml');
    await writeFile(echo, (await readFile(echo, 'utf8')).replace('- no-traceback: {}', '- no-such-check: {}'));
    await expect(loadCatalogFast(dir, cache)).rejects.toThrow(/unknown check "no-such-check"/);
  });
});
