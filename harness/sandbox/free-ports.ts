// Remap isolation: find ports free for both TCP and UDP on loopback, to stand in for the
// lab's hard-coded ports. Each scenario run gets fresh ones (no TIME_WAIT leftovers).
import net from 'node:net';
import dgram from 'node:dgram';

function freeTcpPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(port));
    });
  });
}

function udpFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = dgram.createSocket('udp4');
    s.once('error', () => resolve(false));
    s.bind(port, '127.0.0.1', () => s.close(() => resolve(true)));
  });
}

export async function freePorts(names: string[]): Promise<Record<string, number>> {
  const result: Record<string, number> = {};
  const taken = new Set<number>();
  for (const name of names) {
    for (;;) {
      const port = await freeTcpPort();
      if (!taken.has(port) && (await udpFree(port))) {
        taken.add(port);
        result[name] = port;
        break;
      }
    }
  }
  return result;
}
