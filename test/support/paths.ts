// Where the tests find the package and its built CLI.
import path from 'node:path';

export const root = path.resolve(import.meta.dirname, '..', '..');
export const cli = path.join(root, 'bin', 'labcheck.js');
