// Why one copy of the program (several run at once in the broadcast and multicast labs, e.g.
// `program` and `copy2`) could not take part, read from its evidence: it was never started, its
// bind() failed, it ended. Shared by the checks that judge every copy.
import type { Evidence, ProgramEvidence, SocketCall } from '../model/evidence.js';
import { describeExit, stderrTail } from '../program/describe.js';

/** The copy's failed bind() call, if it made one and never bound afterwards. */
export function failedBind(p: ProgramEvidence): SocketCall | undefined {
  const binds = p.socketCalls.filter((c) => c.call === 'bind');
  return binds.some((c) => !c.error) ? undefined : binds.find((c) => c.error);
}

/** The address the copy bound its UDP socket to ("0.0.0.0:10000", "127.0.0.1:10000"), if traced. */
export function boundUdpAddress(p: ProgramEvidence): string | undefined {
  const bind = p.socketCalls.find((c) => c.call === 'bind' && c.kind === 'udp' && !c.error);
  return bind?.local ?? bind?.addr;
}

/** "0.0.0.0:10000" -> ('0.0.0.0', 10000); ":10000" -> ('', 10000), as the program wrote it. */
export function pythonAddress(addr: string | undefined): string {
  const m = /^\[?(.*?)\]?:(\d+)$/.exec(addr ?? '');
  return m ? `('${m[1]}', ${m[2]})` : (addr ?? '');
}

/** Why the copy `name` could not receive anything, when the evidence says so. */
export function copyTrouble(e: Evidence, name: string): string | undefined {
  const p = e.programs[name];
  if (!p) return `${name} was never started (the run stopped before)`;
  const bind = failedBind(p);
  if (bind) {
    const reuse = /Errno 98|in use/i.test(bind.error ?? '') ? ': set SO_REUSEADDR (setsockopt(SOL_SOCKET, SO_REUSEADDR, 1)) before bind(), so that copies share the port' : '';
    return `its bind(${pythonAddress(bind.addr)}) raised ${bind.error}${reuse}`;
  }
  if (p.exit && !p.exit.stoppedByHarness) return `it ended (${describeExit(p)})${stderrTail(p)}`;
  return undefined;
}
