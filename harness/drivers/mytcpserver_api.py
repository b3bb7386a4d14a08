# Driver for mytcpserver:module/api: imports the student's MyTCPServer.py and exercises the
# TCPServer class step by step, reporting each result as a "LABCHECK-API {json}" line.
# The harness connects, sends and closes between the steps (see scenarios/mytcpserver.yaml).
import gc
import json
import socket
import sys

from student_module import import_student

PORT = 2500  # the port the course's module is used with (remapped by the shim if needed)


def report(step, ok, value=None, error=None, problem=None):
    line = {'step': step, 'ok': bool(ok), 'value': value, 'error': error}
    if problem:
        line['problem'] = problem
    print('LABCHECK-API ' + json.dumps(line, ensure_ascii=False), flush=True)


def attempt(step, action, judge):
    try:
        value = action()
    except BaseException as exc:  # the student's code may raise anything
        report(step, False, None, '%s: %s' % (type(exc).__name__, exc))
        return None, False
    ok = judge(value)
    report(step, ok, repr(value))
    return value, ok


def listening():
    """Is some TCP socket of this process listening (listen() called)? LABS.md: "TCPServer(port)
    listens" means listen() has been called when the constructor returns, before any accept()."""
    for obj in gc.get_objects():
        try:
            if isinstance(obj, socket.socket) and obj.fileno() >= 0 and obj.type == socket.SOCK_STREAM \
                    and obj.getsockopt(socket.SOL_SOCKET, socket.SO_ACCEPTCONN):
                return True
        except (OSError, ValueError):
            pass
    return False


def main():
    module = import_student(sys.argv[1])

    server, ok = attempt('construct', lambda: module.TCPServer(PORT), lambda s: s is not None)
    if server is None:
        return
    if ok and not listening():
        report('construct', False, repr(server), problem='listen() had not been called when TCPServer() returned')
    attempt('send-before-accept', lambda: server.send('x'), lambda r: r is False)
    attempt('accept', server.accept,
            lambda r: isinstance(r, tuple) and len(r) == 2 and isinstance(r[0], socket.socket) and isinstance(r[1], tuple))
    attempt('receive', server.receive, lambda r: r == 'hello')
    attempt('receive-after-close', server.receive, lambda r: r is None)


main()
