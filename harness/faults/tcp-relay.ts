// A TCP relay that injects faults (Toxiproxy's toxics are the model): each accepted connection gets
// its own connection to the target, and the bytes of each direction go through a queue that can
// slice them into n-byte segments with a pause between them (no-delay sockets, so each goes out as
// its own segment), delay them, or close (FIN) or reset (RST) both sides after n bytes.
import net from 'node:net';
import { now } from '../model/clock.js';
import type { ConnectionEventKind, ConnectionRecord, Direction } from '../model/evidence.js';
import { RecordedTcp } from '../net/recorded-tcp.js';
import { unpack, type FaultFields, type TcpFault } from './relay-faults.js';
import { sleep, type Relay, type RelayOptions } from './relay-options.js';

interface Side {
  socket: net.Socket;
  record: ConnectionRecord;
  /** Is this the program's side (its events are the program's acts) or the far side? */
  program: boolean;
}

export async function startTcpRelay(o: RelayOptions<TcpFault>): Promise<Relay> {
  const sockets = new Set<net.Socket>();
  let count = 0;
  const server = net.createServer({ allowHalfOpen: true, pauseOnConnect: true }, (socket) => {
    const index = ++count;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    relayConnection(o, socket, index, sockets);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ port: o.listenPort, host: o.listenHost }, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return {
    port: (server.address() as net.AddressInfo).port,
    stop: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

function relayConnection(o: RelayOptions<TcpFault>, accepted: net.Socket, index: number, sockets: Set<net.Socket>): void {
  const faults = o.faults.map(unpack).filter(({ spec }) => spec.connection === undefined || spec.connection === index);
  const upstream = net.connect({ host: o.targetHost, port: o.targetPort, allowHalfOpen: true });
  sockets.add(upstream);
  upstream.on('close', () => sockets.delete(upstream));
  accepted.on('error', () => {}); // before the pumps take over (a reset while connecting upstream)
  accepted.setNoDelay(true);
  upstream.setNoDelay(true);
  const programIsClient = o.programSide === 'client';
  const record = (name: string, remote: string | undefined, kind: ConnectionEventKind): ConnectionRecord => ({
    name,
    transport: 'tcp',
    owner: `relay ${o.name}`,
    ...(remote ? { remote } : {}),
    events: [{ t: now(), kind }],
    chunks: [],
  });
  const client: Side = {
    socket: accepted,
    record: record(programIsClient ? `${o.name}#${index}` : `${o.name}-peer#${index}`, `${accepted.remoteAddress}:${accepted.remotePort}`, 'accepted'),
    program: programIsClient,
  };
  const target: Side = { socket: upstream, record: record(programIsClient ? `${o.name}-peer#${index}` : `${o.name}#${index}`, `${o.targetHost}:${o.targetPort}`, 'connected'), program: !programIsClient };
  o.record(programIsClient ? client.record : target.record);
  o.record(programIsClient ? target.record : client.record);

  upstream.once('connect', () => {
    const fromProgram = programIsClient ? [client, target] : [target, client];
    pump(o, faults, fromProgram[0]!, fromProgram[1]!, 'from-program');
    pump(o, faults, fromProgram[1]!, fromProgram[0]!, 'to-program');
    accepted.resume();
  });
  upstream.once('error', (err: NodeJS.ErrnoException) => {
    if (upstream.connecting) {
      target.record.events.push({ t: now(), kind: 'connect-failed', detail: err.code ?? err.message });
      accepted.resetAndDestroy();
    }
  });
}

function event(side: Side, kind: ConnectionEventKind, detail?: string): void {
  side.record.events.push({ t: now(), kind, ...(detail ? { detail } : {}) });
  RecordedTcp.anyChange.emit('change');
}

/** Carries one direction: every write read from `from` is queued, faults applied, written to `to`. */
function pump(o: RelayOptions<TcpFault>, faults: { kind: string; spec: FaultFields }[], from: Side, to: Side, dir: Direction): void {
  const mine = faults.filter(({ spec }) => spec.dir === dir);
  const find = (kind: 'slice' | 'delay' | 'close' | 'reset') => mine.find((f) => f.kind === kind)?.spec;
  const slice = find('slice');
  const delay = find('delay');
  const limit = find('close') ?? find('reset');
  const limitKind = find('close') ? 'close' : 'reset';
  let queue = Promise.resolve();
  let writes = 0;
  let forwarded = 0;
  let cut = false;

  const write = (data: Buffer) =>
    new Promise<void>((resolve) => {
      if (to.socket.destroyed || to.socket.writableEnded) return resolve();
      to.record.chunks.push({ t: now(), dir, data });
      RecordedTcp.anyChange.emit('change');
      to.socket.write(data, () => resolve());
    });

  const cutBoth = (n: number | undefined) => {
    cut = true;
    o.fault({ dir, kind: limitKind, ...(n !== undefined ? { index: n } : {}), detail: `after ${limit!.afterBytes!} bytes ${dir === 'from-program' ? 'from' : 'to'} the program, both sides` });
    for (const side of [from, to]) {
      if (side.socket.destroyed) continue;
      if (limitKind === 'reset') {
        event(side, 'harness-reset', 'the relay reset it (fault)');
        side.socket.resetAndDestroy();
      } else {
        event(side, 'harness-closed', 'the relay closed it (fault)');
        side.socket.end();
      }
    }
  };

  async function deliver(data: Buffer, n: number, arrived: number): Promise<void> {
    if (cut) return;
    if (delay) {
      o.fault({ dir, kind: 'delay', index: n, detail: `held ${delay.ms!} ms` });
      await sleep(Math.max(0, arrived + delay.ms! - now()));
    }
    const room = limit ? limit.afterBytes! - forwarded : Infinity;
    const part = data.length > room ? data.subarray(0, room) : data;
    if (slice && part.length > slice.bytes!) {
      o.fault({ dir, kind: 'slice', index: n, detail: `${part.length} bytes as ${slice.bytes!}-byte segments, ${slice.pauseMs!} ms apart` });
      for (let at = 0; at < part.length; at += slice.bytes!) {
        if (at > 0) await sleep(slice.pauseMs!);
        await write(part.subarray(at, at + slice.bytes!));
      }
    } else if (part.length > 0) {
      await write(part);
    }
    forwarded += part.length;
    if (limit && forwarded >= limit.afterBytes!) cutBoth(n);
  }

  if (limit && limit.afterBytes! === 0) {
    cutBoth(undefined);
    return;
  }
  from.socket.on('data', (data: Buffer) => {
    const arrived = now();
    const n = ++writes;
    from.record.chunks.push({ t: arrived, dir, data });
    RecordedTcp.anyChange.emit('change');
    queue = queue.then(() => deliver(data, n, arrived));
  });
  from.socket.on('end', () => {
    event(from, from.program ? 'program-closed' : 'harness-closed', from.program ? undefined : 'the peer closed');
    queue = queue.then(() => {
      if (cut || to.socket.destroyed) return;
      event(to, 'harness-closed', 'the relay passed on the FIN');
      to.socket.end();
    });
  });
  from.socket.on('error', (err: NodeJS.ErrnoException) => {
    const reset = err.code === 'ECONNRESET' || err.code === 'EPIPE';
    event(from, from.program ? (reset ? 'program-reset' : 'error') : reset ? 'harness-reset' : 'error', err.code ?? err.message);
    if (cut || to.socket.destroyed) return;
    // A reset on one side is passed on as a reset on the other.
    event(to, 'harness-reset', 'the relay passed on the reset');
    to.socket.resetAndDestroy();
  });
}
