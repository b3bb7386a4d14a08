// Build step: validate every scenario file and keep the result for fast starts (catalog-cache.ts).
import { validateAndCache } from './catalog-cache.js';

try {
  await validateAndCache();
} catch (err) {
  console.error(`labcheck: the scenario files are broken: ${(err as Error).message}`);
  process.exit(1);
}
