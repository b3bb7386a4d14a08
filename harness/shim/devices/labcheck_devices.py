# Shared machinery of the device stand-ins (camera, display, video writer, sound card).
#
# sitecustomize calls install() when LABCHECK_DEVICES is set (JSON, from the start step's
# `devices:`). install() puts an import finder first on sys.meta_path for the stand-in names
# (STAND_INS): `import cv2` then runs harness/shim/devices/cv2.py, which loads the real module
# when it is installed (load_real) and replaces only the device functions, or else builds a
# minimal module. Stand-ins report what the program gave them as JSON lines on the shim's events
# pipe: {"call": "device", "t", "pid", "device", "op", ...} (harness/program/shim-events.ts).
#
# Config keys (all optional): camera {fps}, clip {file, frames}, quitAfterShown, quitFile, and
# whatever a stand-in adds (e.g. audioIn for pyaudio).

import json
import os
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
STAND_INS = ("cv2", "imutils", "pyaudio")
HELPERS = ("labcheck_frames",)  # importable by the stand-ins; not on sys.path, so never found as "real"

config = {}
_events_fd = [-1]
_loading = set()  # names whose real module is being loaded: the finder steps aside
_shown = {}  # frames shown (imshow calls) by this process, per window


def emit(device, op, **fields):
    """One event line on the events pipe; never raises into the program."""
    fd = _events_fd[0]
    if fd < 0:
        return
    event = {"t": time.time() * 1000, "pid": os.getpid(), "call": "device", "device": device, "op": op}
    event.update(fields)
    data = (json.dumps(event, ensure_ascii=False) + "\n").encode("utf-8")
    try:
        while data:
            n = os.write(fd, data)
            data = data[n:]
    except OSError:
        _events_fd[0] = -1


def array_fields(arr):
    """What the evidence keeps of an image: shape, dtype, sha256 of its C-order bytes, and k."""
    import hashlib

    try:
        import numpy as np

        a = np.asarray(arr)
        data = a.tobytes()
        fields = {"shape": list(a.shape), "dtype": str(a.dtype), "sha256": hashlib.sha256(data).hexdigest()}
        if len(data) >= 8:
            fields["k"] = int.from_bytes(data[:8], "big")
        return fields
    except Exception as err:  # not array-like: say what it was
        return {"dtype": type(arr).__name__, "error": str(err)[:200]}


def frame_shown(window):
    _shown[window] = _shown.get(window, 0) + 1


def quit_asked():
    """True once the program showed quitAfterShown frames in one window (a program may show each
    frame in two windows) or the harness made the quit file."""
    limit = config.get("quitAfterShown")
    if isinstance(limit, int) and limit > 0 and _shown and max(_shown.values()) >= limit:
        return True
    flag = config.get("quitFile")
    return bool(flag) and os.path.exists(flag)


def load_real(name):
    """The installed module `name` (loaded by the other finders), or None when there is none."""
    import importlib

    _loading.add(name)
    saved = sys.modules.pop(name, None)
    try:
        return importlib.import_module(name)
    except Exception:  # not installed (ImportError) or broken: the stand-in replaces it whole
        return None
    finally:
        _loading.discard(name)
        real = sys.modules.get(name)
        if saved is not None and real is None:
            sys.modules[name] = saved


class _StandInFinder:
    """Finds the stand-in file for the names in STAND_INS, ahead of the installed modules."""

    @classmethod
    def find_spec(cls, name, path=None, target=None):
        if name not in STAND_INS + HELPERS or name in _loading:
            return None
        file = os.path.join(HERE, name + ".py")
        if not os.path.exists(file):
            return None
        import importlib.util

        return importlib.util.spec_from_file_location(name, file)


def install(text, events_fd):
    try:
        parsed = json.loads(text)
    except ValueError:
        parsed = {}
    config.update(parsed if isinstance(parsed, dict) else {})
    _events_fd[0] = events_fd
    sys.modules.setdefault("labcheck_devices", sys.modules[__name__])
    sys.meta_path.insert(0, _StandInFinder)
