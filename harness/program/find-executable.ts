// Whether a command names a program that exists: a path, or a name found on a search path (as exec does).
import { accessSync, constants } from 'node:fs';
import path from 'node:path';

export function findExecutable(file: string, searchPath: string): boolean {
  const candidates = file.includes('/') ? [file] : searchPath.split(path.delimiter).filter(Boolean).map((dir) => path.join(dir, file));
  return candidates.some((c) => {
    try {
      accessSync(c, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}
