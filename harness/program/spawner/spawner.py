# The spawn helper of a scenario worker (see ../spawn-helper.ts). A worker is a node process of
# about 100 MiB, and node starts a program by fork(): the kernel copies the worker's page tables
# and every page it writes afterwards faults once, several ms of CPU per program on this course's
# machines. This small process starts programs for it instead, in the same way (a new session;
# stdin, stdout, stderr and the shim's events pipe on fds 0-3), with posix_spawn, which copies
# nothing of it.
# The worker takes each pipe's other end by opening /proc/<this pid>/fd/<n>; this process then
# closes its copies, so it holds nothing of a program, and reports each program's exit.
#
# Requests on stdin, one JSON object a line:
#   {"id": n, "argv": [...], "cwd": "...", "env": {...}}
#   {"close": [fd, ...]}
# Replies on stdout, one JSON object a line:
#   {"ready": true}                                                  first, once running
#   {"id": n, "pid": p, "fds": [stdin, stdout, stderr, events]}   started
#   {"id": n, "error": "ENOENT", "message": "..."}                   could not be started
#   {"exit": p, "code": c, "signal": s}                              a program ended
# At EOF on stdin (the worker is gone) it kills every program it started that is still running.
import errno
import json
import os
import select
import shutil
import signal

running = set()


def send(message):
    try:
        os.write(1, (json.dumps(message) + "\n").encode())
    except OSError:
        pass  # the worker is gone: EOF on stdin ends this process


# Every signal back to its default action in the program, as node does (this process ignores
# SIGINT, and Python ignores SIGPIPE and SIGXFSZ: an ignored signal stays ignored across exec).
DEFAULT_SIGNALS = signal.valid_signals() - {signal.SIGKILL, signal.SIGSTOP}


def executable(file, env):
    """The file exec would run for `file`, searched on the program's own PATH as execvp does."""
    if "/" in file:
        return file
    found = shutil.which(file, path=env.get("PATH", os.defpath))
    if found is None:
        raise FileNotFoundError(errno.ENOENT, "not found", file)
    return found


def start(request):
    argv, cwd, env = request["argv"], request["cwd"], request["env"]
    ends = [os.pipe() for _ in range(4)]  # (read, write) each
    child_ends = [ends[0][0], ends[1][1], ends[2][1], ends[3][1]]
    parent_ends = [ends[0][1], ends[1][0], ends[2][0], ends[3][0]]
    try:
        # posix_spawn (vfork, then exec at once): nothing of this process is copied. The program
        # gets fds 0-3 only: every other fd here is close-on-exec, as Python makes them.
        os.chdir(cwd)
        pid = os.posix_spawn(
            executable(argv[0], env),
            argv,
            env,
            file_actions=[(os.POSIX_SPAWN_DUP2, fd, target) for target, fd in enumerate(child_ends)],
            setsid=True,
            setsigdef=DEFAULT_SIGNALS,
            setsigmask=(),
        )
    except OSError as e:
        for fd in child_ends + parent_ends:
            os.close(fd)
        code = errno.errorcode.get(e.errno or errno.EIO, "EIO")
        send({"id": request["id"], "error": code, "message": f"spawn {argv[0]} {code}"})
        return
    finally:
        os.chdir("/")
    for fd in child_ends:
        os.close(fd)
    running.add(pid)
    send({"id": request["id"], "pid": pid, "fds": parent_ends})


def reap():
    while running:
        try:
            pid, status = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return
        running.discard(pid)
        if os.WIFSIGNALED(status):
            send({"exit": pid, "code": None, "signal": os.WTERMSIG(status)})
        else:
            send({"exit": pid, "code": os.WEXITSTATUS(status), "signal": None})


def main():
    # Nothing the worker's own environment left open (a terminal's or a CI runner's descriptors)
    # reaches the programs.
    os.closerange(3, os.sysconf("SC_OPEN_MAX"))
    # Made first, so it takes fd 3 (0-2 are the worker's pipes): no program's pipe end is then fd 3,
    # which dup2 onto itself would leave close-on-exec.
    wake_r, wake_w = os.pipe()
    os.set_blocking(wake_w, False)
    signal.set_wakeup_fd(wake_w)
    signal.signal(signal.SIGCHLD, lambda *_: None)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the terminal's group; the worker decides
    pending = b""
    send({"ready": True})
    while True:
        try:
            ready, _, _ = select.select([0, wake_r], [], [])
        except InterruptedError:
            continue
        if wake_r in ready:
            os.read(wake_r, 4096)
            reap()
        if 0 in ready:
            chunk = os.read(0, 65536)
            if not chunk:
                break
            pending += chunk
            *lines, pending = pending.split(b"\n")
            for line in lines:
                request = json.loads(line)
                if "close" in request:
                    for fd in request["close"]:
                        try:
                            os.close(fd)
                        except OSError:
                            pass
                else:
                    start(request)
            reap()
    for pid in running:
        try:
            os.killpg(pid, signal.SIGKILL)
        except OSError:
            pass
    signal.set_wakeup_fd(-1)
    while running:
        pid = next(iter(running))
        try:
            os.waitpid(pid, 0)
        except ChildProcessError:
            pass
        running.discard(pid)
        send({"exit": pid, "code": None, "signal": signal.SIGKILL})


main()
