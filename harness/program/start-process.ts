// Starting a program's process: through the worker's spawn helper when it has one
// (spawn-helper.ts), else with node's spawn. Either way the program leads a new session and
// process group, and its stdin, stdout, stderr and fd 3 (the shim's events) are pipes to the harness.
import { spawn } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';
import type { OnExit, SpawnHelper, StartRequest, StartResult } from './spawn-helper.js';

export function startProcess(request: StartRequest, helper: SpawnHelper | undefined, onExit: OnExit): Promise<StartResult> {
  return helper ? helper.start(request, onExit) : startDirect(request, onExit);
}

/** With node's spawn. */
function startDirect(request: StartRequest, onExit: OnExit): Promise<StartResult> {
  const [file, ...args] = request.command;
  const child = spawn(file!, args, {
    cwd: request.cwd,
    env: request.env,
    stdio: ['pipe', 'pipe', 'pipe', 'pipe'],
    // Own process group, so the whole tree can be killed (on Windows it would open a console).
    detached: process.platform !== 'win32',
    windowsHide: true,
  });
  return new Promise<StartResult>((resolve) => {
    child.once('error', (err: NodeJS.ErrnoException) => resolve({ error: `${err.code ?? 'error'}: ${err.message}` }));
    child.once('spawn', () => {
      // 'exit', not 'close': a child the program left behind may hold its pipes open.
      child.once('exit', onExit);
      resolve({ pid: child.pid!, stdin: child.stdin as Writable, stdout: child.stdout as Readable, stderr: child.stderr as Readable, events: child.stdio[3] as Readable });
    });
  });
}
