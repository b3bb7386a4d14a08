// Which files of the scenarios folder make up the catalog, in its order.
import { readdirSync } from 'node:fs';

export function labFiles(dir: string): string[] {
  return readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort();
}
