// Hosts as students write them: a server bound to one loopback address, and a client that
// connects to its own host's address (gethostbyname(gethostname()), as audio_client.py does),
// must work in every isolation mode.
import { describe, expect, test } from 'vitest';
import { labcheck } from './support/cli.js';
import { submission } from './support/programs.js';


const SERVER_ON_127_0_1_1 = `import socket
s = socket.socket()
s.bind(('127.0.1.1', 2500))
s.listen()
c, _ = s.accept()
while True:
    data = c.recv(1024)
    if not data:
        break
    c.sendall(data)
c.close()
`;

const CLIENT_TO_OWN_HOST = `import socket
host_ip = socket.gethostbyname(socket.gethostname())
print(host_ip)
s = socket.socket()
s.connect((host_ip, 2500))
while True:
    try:
        msg = input('Message: ')
    except EOFError:
        break
    if msg in ('q', ''):
        break
    s.send(msg.encode())
    print('Received:', s.recv(1024).decode())
s.close()
`;

describe.concurrent.each(['netns', 'remap'])('hosts (%s)', (isolation) => {
  test('a server bound to 127.0.1.1 is reached there', async () => {
    const run = await labcheck(['test', 'echo:server', await submission('server.py', SERVER_ON_127_0_1_1), '--only', 'echo-bytes', '--isolation', isolation]);
    expect(run.report?.scenarios.map((s) => `${s.status} ${s.message}`)).toEqual([expect.stringMatching(/^passed/)]);
  });

  test("a client connecting to its own host's address reaches the reference server", async () => {
    const run = await labcheck(['test', 'echo:client', await submission('client.py', CLIENT_TO_OWN_HOST), '--only', 'round-trip', '--isolation', isolation]);
    expect(run.report?.scenarios.map((s) => `${s.status} ${s.message}`)).toEqual([expect.stringMatching(/^passed/)]);
  });
});
