// Locations inside the labcheck package, valid both from compiled code (dist/harness/...)
// and from sources run by vitest (harness/...).
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const compiled = here.split(path.sep).includes('dist');

/** The package root (where package.json is). */
export const packageRoot = compiled ? path.resolve(here, '..', '..') : path.resolve(here, '..');
export const scenariosDir = path.join(packageRoot, 'scenarios');
export const shimDir = path.join(packageRoot, 'harness', 'shim', 'python');
/** The device stand-ins (cv2, imutils, pyaudio) the shim loads when a start step asks for devices. */
export const devicesDir = path.join(packageRoot, 'harness', 'shim', 'devices');
export const driversDir = path.join(packageRoot, 'harness', 'drivers');
/** The compiled worker entry point (always the built file: it runs in a fresh node process). */
export const workerScript = path.join(packageRoot, 'dist', 'harness', 'engine', 'worker.js');
/** The scenario files as validated by the build (see scenario/catalog-cache.ts). */
export const catalogCacheFile = path.join(packageRoot, 'dist', 'catalog.json');
export const cliScript = path.join(packageRoot, 'bin', 'labcheck.js');
