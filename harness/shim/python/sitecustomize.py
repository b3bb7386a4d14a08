# labcheck start-up shim.
#
# The harness runs a student's program as `python3 ENTRY` with this directory first on
# PYTHONPATH, so Python imports this module at start-up (site.py imports `sitecustomize`).
# It reports the program's socket calls, stdin reads and unhandled exceptions as JSON lines
# on the file descriptor LABCHECK_EVENTS_FD, and under remap isolation redirects the lab's
# hard-coded ports (LABCHECK_PORT_MAP) and own-host addresses (LABCHECK_REMAP_HOSTS).
# With none of the LABCHECK_* variables set it does nothing except run a shadowed
# `sitecustomize` (if the interpreter has one), exactly as Python would have.
#
# Rules: never change what the program observes apart from the remapping; never raise into
# the program; stay cheap (only `socket` and `threading` are imported, and only when enabled);
# run on CPython 3.8+ on Linux, macOS and Windows. See harness/shim/README.md.

import os as _os
import sys as _sys


_lc_shadowed = None  # the hidden sitecustomize module, when there is one


def _lc_chain_shadowed():
    """Run the `sitecustomize` our directory hides (e.g. Debian's apport hook), if any."""
    global _lc_shadowed
    try:
        here = _os.path.normcase(_os.path.realpath(_os.path.dirname(_os.path.abspath(__file__))))
        paths = []
        for p in _sys.path:
            try:
                if _os.path.normcase(_os.path.realpath(p or _os.curdir)) == here:
                    continue
            except Exception:
                pass
            paths.append(p)
        finder = None
        for f in _sys.meta_path:
            if getattr(f, "__name__", "") == "PathFinder":
                finder = f
                break
        if finder is None:
            return
        spec = finder.find_spec("sitecustomize", paths)
        if spec is None or spec.loader is None or not spec.origin:
            return
        mine = _os.path.normcase(_os.path.realpath(_os.path.abspath(__file__)))
        if _os.path.normcase(_os.path.realpath(spec.origin)) == mine:
            return
        bootstrap = _sys.modules.get("_frozen_importlib")
        if bootstrap is None:
            return
        module = bootstrap.module_from_spec(spec)
    except Exception:
        return
    try:
        _lc_shadowed = module
        spec.loader.exec_module(module)
    except Exception as err:
        # Same report as site.py gives for a failing sitecustomize.
        try:
            _sys.stderr.write(
                "Error in sitecustomize; set PYTHONVERBOSE for traceback:\n%s: %s\n"
                % (err.__class__.__name__, err)
            )
        except Exception:
            pass


def _lc_parse_port_map(text):
    result = {}
    for part in text.replace(";", ",").split(","):
        key, sep, value = part.strip().partition("=")
        if not sep:
            continue
        try:
            k, v = int(key), int(value)
        except ValueError:
            continue
        if 0 <= k <= 65535 and 0 <= v <= 65535:
            result[k] = v
    return result


def _lc_install(events_fd, port_map, remap_hosts):
    import _socket
    import socket as _sm
    from _thread import get_ident as _ident
    from time import time as _time

    _write = _os.write
    _getpid = _os.getpid
    _B = _sm.socket  # the stdlib class we subclass
    _C = _socket.socket  # its C base
    _AF_INET = _sm.AF_INET
    _AF_INET6 = getattr(_sm, "AF_INET6", -12345)
    _INET = (_AF_INET, _AF_INET6)
    _STREAM = _sm.SOCK_STREAM
    _DGRAM = _sm.SOCK_DGRAM
    _CODE_FILE = _lc_install.__code__.co_filename

    # state[0]: events fd (-1 = not reporting); state[1]: start event still owed
    state = [events_fd, False]
    # printed[0]: characters written to sys.stdout so far (each event carries it, so a check can
    # tell what was printed after a recv); printed[1]: the last of them (a question print()ed
    # before a bare input()); printed[2]: what was printed since the last read of stdin (a menu
    # above the prompt, matched by a scenario's prompt answers)
    printed = [0, "", ""]
    quiet = set()  # thread idents whose socket calls are internal (sendfile) -> not reported
    in_input = set()  # thread idents inside builtins.input() -> stdin reads not reported again

    # ------------------------------------------------------------------ JSON lines
    esc = {i: "\\u%04x" % i for i in range(32)}
    esc.update({8: "\\b", 9: "\\t", 10: "\\n", 12: "\\f", 13: "\\r", 34: '\\"', 92: "\\\\"})

    def js(v):
        if v is None:
            return "null"
        if v is True:
            return "true"
        if v is False:
            return "false"
        if isinstance(v, str):
            return '"' + v.translate(esc) + '"'
        if isinstance(v, int):
            return str(int(v))
        if isinstance(v, float):
            return repr(v) if v == v and v not in (float("inf"), float("-inf")) else "null"
        if isinstance(v, (list, tuple)):
            return "[" + ",".join([js(x) for x in v]) + "]"
        if isinstance(v, dict):
            return "{" + ",".join([js(str(k)) + ":" + js(x) for k, x in v.items()]) + "}"
        return js(str(v))

    def write_all(fd, data):
        while data:
            try:
                n = _write(fd, data)
            except BlockingIOError:
                # A non-blocking pipe that is full: wait for room (POSIX only; elsewhere drop).
                try:
                    import select

                    select.select([], [fd], [], 1.0)
                except Exception:
                    return
                continue
            data = data[n:]

    def emit(call, fields=None):
        fd = state[0]
        if fd < 0:
            return
        if state[1] and call != "start":
            state[1] = False
            emit_start()
        try:
            parts = ['{"t":', repr(_time() * 1000.0), ',"pid":', str(_getpid()), ',"call":', js(call),
                     ',"out":', str(printed[0])]
            if fields:
                for k, v in fields.items():
                    if v is not None:
                        parts.append(',"' + k + '":' + js(v))
            data = ("".join(parts) + "}\n").encode("utf-8", "backslashreplace")
            write_all(fd, data)
        except OSError:
            state[0] = -1  # EPIPE, EBADF, ...: stop reporting, silently
        except Exception:
            pass

    def emit_start():
        argv = getattr(_sys, "argv", None)
        emit("start", {"argv": list(argv) if argv is not None else None, "executable": _sys.executable})

    def live():
        return state[0] >= 0 and (not quiet or _ident() not in quiet)

    def err_text(e):
        try:
            message = str(e)
        except Exception:
            message = ""
        return "%s: %s" % (type(e).__name__, message) if message else type(e).__name__

    def strip(e):
        # Drop our own frame from the traceback of an exception we re-raise (effective on
        # 3.11+, where a bare `raise` uses __traceback__; older versions are cleaned in the
        # excepthook wrappers before printing).
        try:
            tb = e.__traceback__
            if tb is not None and tb.tb_frame.f_code.co_filename == _CODE_FILE:
                e.__traceback__ = tb.tb_next
        except Exception:
            pass

    def clean_tb(tb):
        # Unlink our frames from a traceback chain, in place; returns the new head.
        try:
            while tb is not None and tb.tb_frame.f_code.co_filename == _CODE_FILE:
                tb = tb.tb_next
            node = tb
            while node is not None:
                nxt = node.tb_next
                while nxt is not None and nxt.tb_frame.f_code.co_filename == _CODE_FILE:
                    nxt = nxt.tb_next
                if nxt is not node.tb_next:
                    node.tb_next = nxt
                node = nxt
        except Exception:
            pass
        return tb

    def clean_exc(value, tb):
        tb = clean_tb(tb)
        seen = set()
        todo = [value]
        while todo:
            e = todo.pop()
            if not isinstance(e, BaseException) or id(e) in seen:
                continue
            seen.add(id(e))
            try:
                t = e.__traceback__
                if t is not None:
                    nt = clean_tb(t)
                    if nt is not t:
                        e.__traceback__ = nt
                todo.append(e.__cause__)
                todo.append(e.__context__)
            except Exception:
                pass
        return tb

    # ------------------------------------------------------------------ helpers
    def kind_of(s):
        try:
            fam = _C.family.__get__(s, _C)
            typ = _C.type.__get__(s, _C)
        except Exception:
            return "other"
        if fam in _INET:
            if typ == _STREAM:
                return "tcp"
            if typ == _DGRAM:
                return "udp"
        return "other"

    def fmt(a):
        if a is None:
            return None
        try:
            if isinstance(a, tuple) and len(a) >= 2:
                h = a[0]
                if isinstance(h, (bytes, bytearray)):
                    h = bytes(h).decode("utf-8", "backslashreplace")
                h = str(h)
                if ":" in h:
                    return "[%s]:%s" % (h, a[1])
                return "%s:%s" % (h, a[1])
            if isinstance(a, (bytes, bytearray)):
                return bytes(a).decode("utf-8", "backslashreplace")
            return str(a)
        except Exception:
            return None

    def local_of(s):
        try:
            return fmt(_C.getsockname(s))
        except Exception:
            return None

    def head_of(data, n=None):
        try:
            k = 32 if n is None else min(n, 32)
            if k <= 0:
                return ""
            if isinstance(data, (bytes, bytearray)):
                return bytes(data[:k]).hex()
            return bytes(memoryview(data).cast("B")[:k]).hex()
        except Exception:
            return None

    def nbytes(data):
        try:
            return memoryview(data).nbytes
        except Exception:
            try:
                return len(data)
            except Exception:
                return None

    def fileno(s):
        try:
            return _C.fileno(s)
        except Exception:
            return -1

    def sev(s, call, fd, **fields):
        ev = {"fd": fd, "kind": kind_of(s)}
        ev.update(fields)
        emit(call, ev)

    # ------------------------------------------------------------------ own host
    own = {"names": None, "addrs": set(), "probed": False}

    def own_names():
        names = own["names"]
        if names is None:
            names = {"localhost"}
            try:
                hn = _sm.gethostname().lower().rstrip(".")
                if hn:
                    names.add(hn)
                    names.add(hn.split(".")[0])
            except Exception:
                pass
            own["names"] = names
        return names

    def norm_host(h):
        if isinstance(h, (bytes, bytearray)):
            try:
                h = bytes(h).decode("ascii")
            except Exception:
                return None
        if not isinstance(h, str) or not h:
            return None
        return h.lower().rstrip(".")

    def is_own_name(h):
        h = norm_host(h)
        return h is not None and h in own_names()

    def learn(addrs):
        for a in addrs:
            if isinstance(a, str) and not a.startswith("127.") and a != "::1":
                own["addrs"].add(a.lower())

    orig_gethostbyname = _sm.gethostbyname
    orig_gethostbyname_ex = _sm.gethostbyname_ex
    orig_getaddrinfo = _sm.getaddrinfo

    def is_own_host(h):
        h = norm_host(h)
        if h is None:
            return False
        if h == "localhost" or h.startswith("127.") or h in ("::1", "0.0.0.0", "::"):
            return False  # already loopback / any-address
        if h in own_names() or h in own["addrs"]:
            return True
        looks_ip = ":" in h or h.replace(".", "").isdigit()
        if looks_ip and not own["probed"]:
            own["probed"] = True
            try:
                learn([ai[4][0] for ai in orig_getaddrinfo(_sm.gethostname(), None)])
            except Exception:
                pass
            return h in own["addrs"]
        return False

    # ------------------------------------------------------------------ remapping
    def remap(s, address):
        """Returns (address to use, extra event fields or None)."""
        if not (port_map or remap_hosts):
            return address, None
        if not isinstance(address, tuple) or len(address) < 2:
            return address, None
        try:
            fam = _C.family.__get__(s, _C)
        except Exception:
            return address, None
        if fam not in _INET:
            return address, None
        host, port = address[0], address[1]
        extra = {}
        if type(port) is int and port in port_map:
            extra["requestedPort"] = port
            port = port_map[port]
        if remap_hosts and is_own_host(host):
            extra["requestedHost"] = host if isinstance(host, str) else norm_host(host)
            host = "127.0.0.1" if fam == _AF_INET else "::ffff:127.0.0.1"
        if not extra:
            return address, None
        return (host, port) + tuple(address[2:]), extra

    # ------------------------------------------------------------------ event details
    def safe_str(v):
        try:
            return str(v)
        except Exception:
            return None

    shut = {}

    def shut_names():
        if not shut:
            for n in ("SHUT_RD", "SHUT_WR", "SHUT_RDWR"):
                if hasattr(_sm, n):
                    shut[int(getattr(_sm, n))] = n
        return shut

    def shut_detail(args):
        if not args:
            return None
        try:
            detail = shut_names().get(int(args[0]))
        except Exception:
            detail = None
        if detail is None:
            detail = safe_str(args[0])
        return detail

    optnames = {}

    def opt_tables():
        if optnames:
            return optnames
        levels = []
        for lvl, prefix in (
            ("SOL_SOCKET", "SO_"),
            ("IPPROTO_TCP", "TCP_"),
            ("IPPROTO_UDP", "UDP_"),
            ("IPPROTO_IP", "IP_"),
            ("IPPROTO_IPV6", "IPV6_"),
        ):
            if hasattr(_sm, lvl):
                levels.append((int(getattr(_sm, lvl)), lvl, prefix))
        preferred = ("SO_REUSEADDR", "SO_REUSEPORT", "SO_BROADCAST", "SO_KEEPALIVE", "SO_RCVBUF",
                     "SO_SNDBUF", "SO_LINGER", "SO_RCVTIMEO", "SO_SNDTIMEO", "TCP_NODELAY",
                     "IP_TTL", "IP_MULTICAST_TTL", "IP_MULTICAST_LOOP", "IP_ADD_MEMBERSHIP")
        names = sorted(n for n in dir(_sm) if n.isupper())
        for value, lvl, prefix in levels:
            table = {}
            for n in names:
                if n.startswith(prefix):
                    v = getattr(_sm, n, None)
                    if isinstance(v, int):
                        table.setdefault(int(v), n)
            for n in preferred:
                if n.startswith(prefix) and hasattr(_sm, n):
                    table[int(getattr(_sm, n))] = n
            if value not in optnames:
                optnames[value] = (lvl, table)
        return optnames

    def opt_detail(args):
        try:
            if len(args) < 3:
                return None
            level, opt, value = args[0], args[1], args[2]
            lvl_name, table = opt_tables().get(int(level), (str(int(level)), {}))
            opt_name = table.get(int(opt), str(int(opt)))
            if value is None and len(args) >= 4:
                val = "None/%s" % args[3]
            elif isinstance(value, (bytes, bytearray, memoryview)):
                val = bytes(value).hex()
            elif isinstance(value, int):
                val = str(int(value))
            else:
                val = str(value)
            return "%s/%s=%s" % (lvl_name, opt_name, val)
        except Exception:
            return None

    def msg_head(buffers, n):
        # sendmsg(): the head of the concatenated buffers.
        try:
            first = b"".join(bytes(memoryview(b).cast("B")[:32]) for b in list(buffers)[:32])
            return first[: min(n, 32)].hex()
        except Exception:
            return None

    # ------------------------------------------------------------------ the socket class
    def _like(new, old, module=None, qualname=None):
        try:
            new.__name__ = old.__name__
            new.__qualname__ = qualname or old.__qualname__
            new.__doc__ = old.__doc__
            new.__module__ = module or old.__module__
        except Exception:
            pass
        return new

    def only_error(s, a, e, p):
        return {"error": err_text(e)}

    def traced(name, ok, failed=only_error, prepare=None):
        """A TracedSocket method that calls socket.socket.<name> and reports it as one event.

        The event's fields after "fd" and "kind" (in order; None ones are left out) come from
        ok(sock, args, result, pre), or failed(sock, args, exc, pre) when the call raised; both
        run after the call. prepare(sock, args) -> (args, pre) runs before it, for what must
        happen first: remapping the address, reading a detail.
        """

        def method(self, *args):
            fd = fileno(self)
            pre = None
            if prepare is not None:
                args, pre = prepare(self, args)
            try:
                r = getattr(_B, name)(self, *args)
            except BaseException as e:
                if live():
                    sev(self, name, fd, **failed(self, args, e, pre))
                # strip() drops the head of e's traceback: this frame, as long as the base method
                # is called right here and not through a helper.
                strip(e)
                raise
            if live():
                sev(self, name, fd, **ok(self, args, r, pre))
            return r

        method.__name__ = name
        try:
            # Frames and profiles then say "send", as with a hand-written def (3.8+: replace()).
            method.__code__ = method.__code__.replace(co_name=name)
        except Exception:
            pass
        return method

    def remap_arg(s, args, i):
        # prepare() of the calls that take an address: remaps args[i] unless i is None;
        # pre = the remap's fields (requestedPort/requestedHost), which end the event.
        if i is None:
            return args, {}
        a, extra = remap(s, args[i])
        return args[:i] + (a,) + args[i + 1:], extra or {}

    # Used by several methods (s = socket, a = args, r = result, e = exception, p = pre).
    def remap_first(s, a):
        return remap_arg(s, a, 0 if len(a) == 1 else None)

    def remap_bind(s, a):
        # Under remap a scenario may start a one-shot TCP server several times on the same
        # remapped port; a copy that closed first leaves it in TIME_WAIT (a netns scenario has
        # none: the worker turns TIME_WAIT off there). SO_REUSEADDR on a remapped TCP port only
        # allows binding over TIME_WAIT, never over a live socket.
        args, pre = remap_first(s, a)
        if "requestedPort" in pre:
            try:
                if _C.type.__get__(s, _C) & _STREAM:
                    _C.setsockopt(s, _sm.SOL_SOCKET, _sm.SO_REUSEADDR, 1)
            except Exception:
                pass
        return args, pre

    def addr_local(s, a, r, p):
        return {"addr": fmt(a[0]), "local": local_of(s), **p}

    def addr_failed(s, a, e, p):
        return {"addr": fmt(a[0]) if a else None, "error": err_text(e), **p}

    def count_head(s, a, n, p):  # send/recv_into: n bytes of the buffer argument
        return {"size": n, "head": head_of(a[0], n)}

    def pre_detail(s, a, r, p):  # listen/shutdown: the detail prepare() read
        return {"detail": p}

    def pre_detail_failed(s, a, e, p):
        return {"detail": p, "error": err_text(e)}

    def value_detail(s, a, r, p):  # settimeout/setblocking: str() of the value
        return {"detail": safe_str(a[0])}

    def value_detail_failed(s, a, e, p):
        return {"detail": safe_str(a[0]) if a else None, "error": err_text(e)}

    class TracedSocket(_B):
        __slots__ = ("_lc_closelogged",)

        def __init__(self, *args, **kwargs):
            try:
                _B.__init__(self, *args, **kwargs)
            except BaseException as e:
                if live():
                    emit("socket", {"fd": -1, "kind": "other", "error": err_text(e)})
                strip(e)
                raise
            self._lc_closelogged = False
            given = args[3] if len(args) > 3 else kwargs.get("fileno")
            if given is None and live():
                sev(self, "socket", fileno(self))

        # One call, one event: built by traced() from how to describe the call.
        bind = traced("bind", prepare=remap_bind, ok=addr_local, failed=addr_failed)
        listen = traced(
            "listen",
            prepare=lambda s, a: (a, str(a[0]) if a else "default"),
            ok=lambda s, a, r, p: {"detail": p, "local": local_of(s)},
            failed=pre_detail_failed,
        )
        connect = traced(
            "connect",
            prepare=remap_first,
            ok=addr_local,
            failed=lambda s, a, e, p: {"addr": fmt(a[0]) if a else None, "error": err_text(e),
                                       "local": local_of(s), **p},
        )
        connect_ex = traced(
            "connect_ex",
            prepare=remap_first,
            ok=lambda s, a, r, p: {"addr": fmt(a[0]), "detail": str(r), "local": local_of(s), **p},
            failed=addr_failed,
        )
        send = traced("send", ok=count_head)
        sendall = traced(
            "sendall",
            ok=lambda s, a, r, p: {"size": nbytes(a[0]), "head": head_of(a[0])},
        )
        sendto = traced(  # sendto(data[, flags], address)
            "sendto",
            prepare=lambda s, a: remap_arg(s, a, len(a) - 1 if len(a) in (2, 3) else None),
            ok=lambda s, a, n, p: {"addr": fmt(a[-1]), "size": n, "head": head_of(a[0], n),
                                   "local": local_of(s), **p},
            failed=lambda s, a, e, p: {"addr": fmt(a[-1]) if len(a) >= 2 else None,
                                       "error": err_text(e), **p},
        )
        if hasattr(_B, "sendmsg"):  # sendmsg(buffers[, ancdata[, flags[, address]]])
            sendmsg = traced(
                "sendmsg",
                prepare=lambda s, a: remap_arg(s, a, 3 if len(a) >= 4 else None),
                ok=lambda s, a, n, p: {"addr": fmt(a[3]) if len(a) >= 4 else None, "size": n,
                                       "head": msg_head(a[0], n), **p},
                failed=lambda s, a, e, p: {"addr": fmt(a[3]) if len(a) >= 4 else None,
                                           "error": err_text(e), **p},
            )
        recv = traced("recv", ok=lambda s, a, data, p: {"size": len(data), "head": head_of(data)})
        recv_into = traced("recv_into", ok=count_head)
        recvfrom = traced(  # -> (data, address)
            "recvfrom",
            ok=lambda s, a, r, p: {"addr": fmt(r[1]), "size": len(r[0]), "head": head_of(r[0])},
        )
        recvfrom_into = traced(  # -> (nbytes, address)
            "recvfrom_into",
            ok=lambda s, a, r, p: {"addr": fmt(r[1]), "size": r[0], "head": head_of(a[0], r[0])},
        )
        if hasattr(_B, "recvmsg"):  # -> (data, ancdata, msg_flags, address)
            recvmsg = traced(
                "recvmsg",
                ok=lambda s, a, r, p: {"addr": fmt(r[3]), "size": len(r[0]), "head": head_of(r[0])},
            )
        setsockopt = traced(
            "setsockopt",
            ok=lambda s, a, r, p: {"detail": opt_detail(a)},
            failed=lambda s, a, e, p: {"detail": opt_detail(a), "error": err_text(e)},
        )
        settimeout = traced("settimeout", ok=value_detail, failed=value_detail_failed)
        setblocking = traced("setblocking", ok=value_detail, failed=value_detail_failed)
        shutdown = traced(
            "shutdown",
            prepare=lambda s, a: (a, shut_detail(a)),
            ok=pre_detail,
            failed=pre_detail_failed,
        )

        # Written out, as they do more than wrap one call: accept() builds the new socket itself,
        # sendfile() and dup() hide the calls they make, close() reports once, detach() marks
        # the socket as closed.
        def accept(self):
            # Same as socket.socket.accept, minus the reported setblocking() of the new socket.
            fd = fileno(self)
            try:
                newfd, addr = self._accept()
            except BaseException as e:
                if live():
                    sev(self, "accept", fd, error=err_text(e))
                strip(e)
                raise
            sock = _sm.socket(self.family, self.type, self.proto, fileno=newfd)
            if _sm.getdefaulttimeout() is None and self.gettimeout():
                _C.setblocking(sock, True)
            if live():
                sev(self, "accept", fd, addr=fmt(addr), newFd=newfd, local=local_of(sock))
            return sock, addr

        def sendfile(self, *args, **kwargs):
            fd = fileno(self)
            tid = _ident()
            nested = tid in quiet
            quiet.add(tid)
            try:
                n = _B.sendfile(self, *args, **kwargs)
            except BaseException as e:
                if not nested:
                    quiet.discard(tid)
                if live():
                    sev(self, "sendfile", fd, error=err_text(e))
                strip(e)
                raise
            if not nested:
                quiet.discard(tid)
            if live():
                sev(self, "sendfile", fd, size=n)
            return n

        def dup(self, *args):
            # socket.socket.dup() calls settimeout() on the copy: internal, not reported.
            tid = _ident()
            nested = tid in quiet
            quiet.add(tid)
            try:
                return _B.dup(self, *args)
            except BaseException as e:
                strip(e)
                raise
            finally:
                if not nested:
                    quiet.discard(tid)

        def close(self):
            fd = fileno(self)
            first = fd != -1 and not getattr(self, "_lc_closelogged", False)
            if first:
                try:
                    self._lc_closelogged = True
                except Exception:
                    pass
            try:
                _B.close(self)
            except BaseException as e:
                if first and live():
                    sev(self, "close", fd, error=err_text(e))
                strip(e)
                raise
            if first and live():
                sev(self, "close", fd)

        def detach(self):
            fd = fileno(self)
            try:
                r = _B.detach(self)
            except BaseException as e:
                if live():
                    sev(self, "detach", fd, error=err_text(e))
                strip(e)
                raise
            try:
                self._lc_closelogged = True
            except Exception:
                pass
            if live():
                sev(self, "detach", fd)
            return r

    # Look like the stdlib class: repr() "<socket.socket fd=...>", error messages, warnings.
    for name, fn in list(vars(TracedSocket).items()):
        if callable(fn) and not name.startswith("__") or name == "__init__":
            try:
                fn.__qualname__ = "socket." + name
                fn.__module__ = "socket"
                orig = getattr(_B, name, None)
                if orig is not None and getattr(orig, "__doc__", None):
                    fn.__doc__ = orig.__doc__
            except Exception:
                pass
    TracedSocket.__name__ = "socket"
    TracedSocket.__qualname__ = "socket"
    TracedSocket.__module__ = "socket"
    TracedSocket.__doc__ = _B.__doc__

    _sm.socket = TracedSocket  # socket.SocketType stays the C type

    # ------------------------------------------------------------------ name resolution
    def gethostbyname(*args):
        try:
            r = orig_gethostbyname(*args)
        except OSError as e:
            if len(args) == 1 and is_own_name(args[0]):
                emit("resolve-fallback", {"detail": safe_str(args[0])})
                return "127.0.0.1"
            strip(e)
            raise
        if len(args) == 1 and is_own_name(args[0]):
            learn([r])
        return r

    def gethostbyname_ex(*args):
        try:
            r = orig_gethostbyname_ex(*args)
        except OSError as e:
            if len(args) == 1 and is_own_name(args[0]):
                emit("resolve-fallback", {"detail": safe_str(args[0])})
                name = args[0]
                if isinstance(name, (bytes, bytearray)):
                    name = bytes(name).decode("ascii", "replace")
                return (name, [], ["127.0.0.1"])
            strip(e)
            raise
        if len(args) == 1 and is_own_name(args[0]):
            learn(r[2])
        return r

    def getaddrinfo(host, port, family=0, type=0, proto=0, flags=0):
        try:
            r = orig_getaddrinfo(host, port, family, type, proto, flags)
        except OSError as e:
            if is_own_name(host) and not (flags & getattr(_sm, "AI_NUMERICHOST", 0)):
                emit("resolve-fallback", {"detail": safe_str(host)})
                lo = "::1" if family == _AF_INET6 else "127.0.0.1"
                return orig_getaddrinfo(lo, port, family, type, proto, flags)
            strip(e)
            raise
        if is_own_name(host):
            try:
                learn([ai[4][0] for ai in r])
            except Exception:
                pass
        return r

    _sm.gethostbyname = _like(gethostbyname, orig_gethostbyname)
    _sm.gethostbyname_ex = _like(gethostbyname_ex, orig_gethostbyname_ex)
    _sm.getaddrinfo = _like(getaddrinfo, orig_getaddrinfo)

    if state[0] < 0:
        return  # remapping only: nothing to report

    # ------------------------------------------------------------------ start, fork
    if getattr(_sys, "argv", None) is None:
        state[1] = True
    else:
        emit_start()
    if hasattr(_os, "register_at_fork"):
        try:
            parent = [_getpid()]

            def before():
                parent[0] = _getpid()

            def child():
                emit("fork", {"detail": str(parent[0])})

            _os.register_at_fork(before=before, after_in_child=child)
        except Exception:
            pass

    # ------------------------------------------------------------------ signal timers
    # alarm() and setitimer() can wake a program from any blocking wait: the harness must know,
    # so that it never takes such a wait for "idle" (harness/program/idle-probe.ts). Patched in the
    # C module, which `signal` copies its functions from when first imported, and in `signal`
    # itself when it already is.
    try:
        import _signal

        def timed(name):
            orig = getattr(_signal, name)

            def arm(*args):
                if live():
                    emit("timer", {"detail": name + "(" + ", ".join([safe_str(a) for a in args]) + ")"})
                try:
                    return orig(*args)
                except BaseException as e:
                    strip(e)
                    raise

            return _like(arm, orig)

        for name in ("alarm", "setitimer"):
            if hasattr(_signal, name):
                wrapped = timed(name)
                setattr(_signal, name, wrapped)
                if "signal" in _sys.modules:
                    setattr(_sys.modules["signal"], name, wrapped)
    except Exception:
        pass

    # ------------------------------------------------------------------ stdin
    import builtins

    orig_input = builtins.input

    def input(*args, **kwargs):
        if kwargs or len(args) > 1 or state[0] < 0:
            return orig_input(*args, **kwargs)
        stdin, stdout = _sys.stdin, _sys.stdout
        tty = False
        try:
            tty = stdin.fileno() == 0 and stdout.fileno() == 1 and _os.isatty(0) and _os.isatty(1)
        except Exception:
            tty = False
        tid = _ident()
        if tty or stdin is None or stdout is None:
            emit("input", {"prompt": safe_str(args[0]) if args else ""})
            in_input.add(tid)
            try:
                return orig_input(*args)
            finally:
                in_input.discard(tid)
        # Not interactive: do what input() does (flush stderr, write the prompt, flush stdout),
        # report, then let the real input() read the line.
        prompt = ""
        try:
            if _sys.stderr is not None:
                _sys.stderr.flush()
        except Exception:
            pass
        if args:
            prompt = str(args[0])
            try:
                stdout.write(prompt)
            except BaseException as e:
                strip(e)
                raise
        try:
            stdout.flush()
        except Exception:
            pass
        emit("input", {"prompt": prompt, "printed": None if prompt else last_line(), "since": since_input()})
        in_input.add(tid)
        try:
            return orig_input()
        except BaseException as e:
            strip(e)
            raise
        finally:
            in_input.discard(tid)

    builtins.input = _like(input, orig_input)

    class Delegate(object):
        """Passes every attribute through to the wrapped stream (the proxies below add reporting)."""

        __slots__ = ("_lc_f",)

        def __init__(self, f):
            object.__setattr__(self, "_lc_f", f)

        def __getattr__(self, name):
            return getattr(object.__getattribute__(self, "_lc_f"), name)

        def __setattr__(self, name, value):
            setattr(object.__getattribute__(self, "_lc_f"), name, value)

        def __delattr__(self, name):
            delattr(object.__getattribute__(self, "_lc_f"), name)

        def __dir__(self):
            return dir(object.__getattribute__(self, "_lc_f"))

        def __repr__(self):
            return repr(object.__getattribute__(self, "_lc_f"))

    class StdinProxy(Delegate):
        """Delegates everything to the real sys.stdin; reports reads as input events."""

        __slots__ = ()

        def _lc_report(self, how):
            if state[0] >= 0 and _ident() not in in_input:
                emit("input", {"prompt": "", "detail": how, "since": since_input()})

        def readline(self, *args):
            self._lc_report("readline")
            return object.__getattribute__(self, "_lc_f").readline(*args)

        def readlines(self, *args):
            self._lc_report("readlines")
            return object.__getattribute__(self, "_lc_f").readlines(*args)

        def read(self, *args):
            self._lc_report("read")
            return object.__getattribute__(self, "_lc_f").read(*args)

        def __iter__(self):
            iter(object.__getattribute__(self, "_lc_f"))  # raises on a closed file, like the original
            return self

        def __next__(self):
            line = self.readline()
            if not line:
                raise StopIteration
            return line

        def __enter__(self):
            object.__getattribute__(self, "_lc_f").__enter__()
            return self

        def __exit__(self, *args):
            return object.__getattribute__(self, "_lc_f").__exit__(*args)

    def since_input():
        text, printed[2] = printed[2], ""
        return text

    def last_line():
        lines = printed[1].rstrip("\n").split("\n")
        return lines[-1][-200:] if lines else ""

    class StdoutProxy(Delegate):
        """Delegates everything to the real sys.stdout; counts what print() and write() put out."""

        __slots__ = ()

        def write(self, text):
            n = object.__getattribute__(self, "_lc_f").write(text)
            try:
                printed[0] += len(text)
                printed[1] = (printed[1] + text)[-400:]
                printed[2] = (printed[2] + text)[-2000:]
            except Exception:
                pass
            return n

        def writelines(self, lines):
            for line in lines:
                self.write(line)

        def __enter__(self):
            object.__getattribute__(self, "_lc_f").__enter__()
            return self

        def __exit__(self, *args):
            return object.__getattribute__(self, "_lc_f").__exit__(*args)

    out = getattr(_sys, "stdout", None)
    if out is not None:
        _sys.stdout = StdoutProxy(out)
        try:
            import io

            io.TextIOBase.register(StdoutProxy)
        except Exception:
            pass

    stdin = getattr(_sys, "stdin", None)
    if stdin is not None:
        _sys.stdin = StdinProxy(stdin)
        try:
            import io

            io.TextIOBase.register(StdinProxy)
        except Exception:
            pass

    # ------------------------------------------------------------------ unhandled exceptions
    orig_excepthook = _sys.excepthook

    def excepthook(exc_type, value, tb):
        try:
            emit("exception", {"error": err_text(value)})
        except Exception:
            pass
        try:
            tb = clean_exc(value, tb)
        except Exception:
            pass
        return orig_excepthook(exc_type, value, tb)

    _sys.excepthook = _like(excepthook, orig_excepthook)

    try:
        import threading

        orig_thread_hook = threading.excepthook

        def thread_excepthook(args):
            try:
                if args.exc_type is not SystemExit:
                    name = getattr(args.thread, "name", None)
                    value = args.exc_value
                    error = err_text(value) if value is not None else getattr(args.exc_type, "__name__", "?")
                    emit("exception", {"error": error,
                                       "detail": "thread %s" % name if name else "thread"})
                clean_exc(args.exc_value, args.exc_traceback)
            except Exception:
                pass
            return orig_thread_hook(args)

        threading.excepthook = _like(thread_excepthook, orig_thread_hook)
    except Exception:
        pass


def _lc_install_devices(text, fd_text):
    """Device stand-ins (cv2, imutils, pyaudio) from ../devices, when the start step asked for them."""
    try:
        here = _os.path.dirname(_os.path.abspath(__file__))
        file = _os.path.join(_os.path.dirname(here), "devices", "labcheck_devices.py")
        import importlib.util

        spec = importlib.util.spec_from_file_location("labcheck_devices", file)
        module = importlib.util.module_from_spec(spec)
        _sys.modules["labcheck_devices"] = module
        spec.loader.exec_module(module)
        try:
            fd = int(fd_text) if fd_text else -1
            if fd >= 0:
                _os.fstat(fd)
        except (ValueError, OSError):
            fd = -1
        module.install(text, fd)
    except Exception:
        pass  # never break the program because of the shim


def _lc_main():
    env = _os.environ
    fd_text = env.get("LABCHECK_EVENTS_FD")
    map_text = env.get("LABCHECK_PORT_MAP")
    if env.get("LABCHECK_DEVICES"):
        _lc_install_devices(env["LABCHECK_DEVICES"], fd_text)
    if not fd_text and not map_text:
        return
    events_fd = -1
    if fd_text:
        try:
            events_fd = int(fd_text)
            _os.fstat(events_fd)  # a stale variable inherited by a grandchild without the fd
        except (ValueError, OSError):
            events_fd = -1
    port_map = _lc_parse_port_map(map_text) if map_text else {}
    remap_hosts = env.get("LABCHECK_REMAP_HOSTS") == "1"
    if events_fd < 0 and not port_map and not remap_hosts:
        return
    try:
        _lc_install(events_fd, port_map, remap_hosts)
    except Exception:
        pass  # never break the program because of the shim


_lc_chain_shadowed()
_lc_main()
