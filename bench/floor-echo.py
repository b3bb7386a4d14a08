# The no-harness floor of one echo-bytes run: start the server, connect as soon as it listens,
# send each message and read its echo, close, wait for the server to exit. Usage:
#   floor-echo.py <server.py>      (run with the interpreter to measure, in a fresh network namespace)
import os, random, socket, string, subprocess, sys, time

entry = sys.argv[1]
server = subprocess.Popen([sys.executable, os.path.basename(entry)], cwd=os.path.dirname(entry), stdout=subprocess.DEVNULL)
while True:
    try:
        conn = socket.create_connection(('127.0.0.1', 2500))
        break
    except ConnectionRefusedError:
        time.sleep(0.002)
messages = ['hello', '안녕하세요, 소켓 프로그래밍', 'x', ''.join(random.choice(string.ascii_letters) for _ in range(1000))]
for text in messages:
    data = text.encode()
    conn.sendall(data)
    got = b''
    while len(got) < len(data):
        got += conn.recv(4096)
    assert got == data, (got, data)
conn.close()
sys.exit(server.wait())
