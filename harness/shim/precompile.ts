// Byte-compile the shim once at build time: programs run with PYTHONDONTWRITEBYTECODE (so
// nothing is written into a student's folder), which would otherwise recompile it every run.
import { execa } from 'execa';
import { devicesDir, shimDir } from '../paths.js';

const python = process.env.LABCHECK_PYTHON ?? 'python3';
const r = await execa(python, ['-m', 'compileall', '-q', shimDir, devicesDir], { reject: false });
if (r.exitCode !== 0) console.warn(`labcheck: could not precompile the Python shim with ${python} (it still works, a little slower)`);
