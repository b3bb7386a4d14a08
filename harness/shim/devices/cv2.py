# Stand-in for OpenCV's device functions (see labcheck_devices.py for how it is loaded).
#
# Where OpenCV is installed, the real module is loaded and only the device functions are replaced:
# VideoCapture (the deterministic camera / clip of labcheck_frames), imshow and VideoWriter (record
# each frame as a `device` event), waitKey (returns 'q' when the scenario has seen enough frames),
# destroyAllWindows and the other window calls (no-ops). Everything else stays real. Where OpenCV
# is missing, this module is a minimal cv2 with those names plus resize, VideoWriter_fourcc, error
# and common constants.
import os
import sys
import time
import unicodedata

import labcheck_devices as _dev
import labcheck_frames as _frames

_real = _dev.load_real("cv2")

if _real is not None:
    error = _real.error
else:

    class error(Exception):  # noqa: N801 (the real name)
        pass


def _fail(function, condition):
    return error("OpenCV(labcheck stand-in) error: (-215:Assertion failed) %s in function '%s'\n" % (condition, function))


# ---------------------------------------------------------------- camera and clip


def _same_file(a, b):
    def norm(p):
        return unicodedata.normalize("NFC", os.path.basename(str(p)))

    return norm(a) == norm(b)


class VideoCapture:
    """Camera (an integer source) or the scenario's clip (a file name), read frame by frame."""

    def __init__(self, source=None, *args, **kwargs):
        self._opened = False
        self._next = 0
        self._end = None
        self._fps = 0.0
        self._started = None
        self._grabbed = None
        if source is not None:
            self.open(source, *args, **kwargs)

    def open(self, source, *args, **kwargs):
        self._opened = False
        self._started = None
        self._grabbed = None
        if isinstance(source, int) and not isinstance(source, bool):
            camera = _dev.config.get("camera") or {}
            self._opened, self._next, self._end = True, 0, None
            self._fps = float(camera.get("fps", 30) or 0)
        elif isinstance(source, (str, bytes, os.PathLike)):
            name = os.fsdecode(source)
            clip = _dev.config.get("clip")
            if isinstance(clip, dict) and (not clip.get("file") or _same_file(name, clip["file"])):
                self._opened, self._next = True, _frames.CLIP_FIRST
                self._end = _frames.CLIP_FIRST + int(clip.get("frames", 0))
                self._fps = float(clip.get("fps", 0) or 0)
        _dev.emit("camera", "open", source=str(source), opened=self._opened)
        return self._opened

    def isOpened(self):  # noqa: N802 (OpenCV's name)
        return self._opened

    def _pace(self):
        if self._fps <= 0:
            return
        now = time.monotonic()
        if self._started is None:
            self._started = (now, self._next)
            return
        t0, k0 = self._started
        wait = t0 + (self._next - k0) / self._fps - now
        if wait > 0:
            time.sleep(wait)

    def grab(self):
        if not self._opened or (self._end is not None and self._next >= self._end):
            self._grabbed = None
            _dev.emit("camera", "read", ok=False)
            return False
        self._pace()
        self._grabbed = self._next
        self._next += 1
        _dev.emit("camera", "read", ok=True, k=self._grabbed)
        return True

    def retrieve(self, image=None, flag=0):
        if self._grabbed is None:
            return False, None
        return True, _frames.frame(self._grabbed)

    def read(self, image=None):
        if not self.grab():
            return False, None
        return self.retrieve()

    def get(self, prop):
        values = {1: float(self._next), 3: float(_frames.WIDTH), 4: float(_frames.HEIGHT), 5: self._fps}
        if prop == 7:
            return float(self._end - _frames.CLIP_FIRST) if self._end is not None else -1.0
        return values.get(prop, 0.0)

    def set(self, prop, value):
        return False

    def release(self):
        if self._opened:
            _dev.emit("camera", "release")
        self._opened = False


# ---------------------------------------------------------------- display

_windows = set()


def imshow(winname, mat):
    fields = _dev.array_fields(mat)
    shape = fields.get("shape")
    if mat is None or not shape or 0 in shape[:2]:
        _dev.emit("display", "show-error", window=str(winname), **fields)
        raise _fail("imshow", "size.width>0 && size.height>0")
    _windows.add(str(winname))
    _dev.frame_shown(str(winname))
    _dev.emit("display", "show", window=str(winname), **fields)


def waitKey(delay=0):  # noqa: N802
    if not _dev.quit_asked():
        if delay is None or delay <= 0:
            while not _dev.quit_asked():
                time.sleep(0.01)
        else:
            time.sleep(delay / 1000.0)
            if not _dev.quit_asked():
                return -1
    _dev.emit("display", "key", key="q")
    return ord("q")


def waitKeyEx(delay=0):  # noqa: N802
    return waitKey(delay)


def pollKey():  # noqa: N802
    return waitKey(1)


def destroyAllWindows():  # noqa: N802
    _windows.clear()
    _dev.emit("display", "destroy")


def destroyWindow(winname):  # noqa: N802
    _windows.discard(str(winname))
    _dev.emit("display", "destroy", window=str(winname))


def namedWindow(winname, flags=None):  # noqa: N802
    _windows.add(str(winname))


def getWindowProperty(winname, prop_id):  # noqa: N802
    return 1.0 if str(winname) in _windows else -1.0


def _no_op(*args, **kwargs):
    return None


moveWindow = resizeWindow = setWindowTitle = setWindowProperty = startWindowThread = _no_op  # noqa: N816


# ---------------------------------------------------------------- video writer


def VideoWriter_fourcc(c1, c2, c3, c4):  # noqa: N802
    return (ord(c1) & 255) | ((ord(c2) & 255) << 8) | ((ord(c3) & 255) << 16) | ((ord(c4) & 255) << 24)


class VideoWriter:
    """Records each written frame (no file is written)."""

    fourcc = staticmethod(VideoWriter_fourcc)

    def __init__(self, filename=None, fourcc=0, fps=0.0, frameSize=None, isColor=True, *args):  # noqa: N803
        self._opened = False
        self._file = None
        self._count = 0
        if filename is not None:
            self.open(filename, fourcc, fps, frameSize, isColor)

    def open(self, filename, fourcc=0, fps=0.0, frameSize=None, isColor=True, *args):  # noqa: N803
        self._file = os.fsdecode(filename)
        self._opened = True
        size = list(frameSize) if frameSize is not None else None
        _dev.emit("writer", "open", file=self._file, fourcc=int(fourcc), fps=float(fps), size=size)
        return True

    def isOpened(self):  # noqa: N802
        return self._opened

    def write(self, image):
        if not self._opened:
            return
        self._count += 1
        _dev.emit("writer", "write", file=self._file, n=self._count, **_dev.array_fields(image))

    def release(self):
        if self._opened:
            _dev.emit("writer", "release", file=self._file, frames=self._count)
        self._opened = False


_DEVICE_NAMES = (
    "VideoCapture", "imshow", "waitKey", "waitKeyEx", "pollKey", "destroyAllWindows", "destroyWindow",
    "namedWindow", "getWindowProperty", "moveWindow", "resizeWindow", "setWindowTitle",
    "setWindowProperty", "startWindowThread", "VideoWriter",
)

if _real is not None:
    for _name in _DEVICE_NAMES:
        setattr(_real, _name, globals()[_name])
    sys.modules[__name__] = _real  # `import cv2` returns the real module, patched
else:
    # ------------------------------------------------------------ minimal module (no OpenCV)
    __version__ = "0.0.0-labcheck-stand-in"
    INTER_NEAREST, INTER_LINEAR, INTER_CUBIC, INTER_AREA = 0, 1, 2, 3
    CAP_ANY, CAP_DSHOW = 0, 700
    CAP_PROP_POS_FRAMES, CAP_PROP_FRAME_WIDTH, CAP_PROP_FRAME_HEIGHT, CAP_PROP_FPS, CAP_PROP_FRAME_COUNT = 1, 3, 4, 5, 7
    WINDOW_NORMAL, WINDOW_AUTOSIZE, WND_PROP_VISIBLE = 0, 1, 4
    COLOR_BGR2RGB, COLOR_BGR2GRAY = 4, 6

    def resize(src, dsize, dst=None, fx=0, fy=0, interpolation=INTER_LINEAR):
        """numpy resize: exact for the same size and integer shrink factors (block mean), else nearest."""
        import numpy as np

        a = np.asarray(src)
        h, w = a.shape[:2]
        if dsize and dsize[0] > 0 and dsize[1] > 0:
            nw, nh = int(dsize[0]), int(dsize[1])
        else:
            nw, nh = int(round(w * fx)), int(round(h * fy))
        if nw <= 0 or nh <= 0:
            raise _fail("resize", "!dsize.empty()")
        if (nw, nh) == (w, h):
            return a.copy()
        if interpolation == INTER_AREA and w % nw == 0 and h % nh == 0:
            fy_, fx_ = h // nh, w // nw
            blocks = a.reshape((nh, fy_, nw, fx_) + a.shape[2:]).astype(np.float64).mean(axis=(1, 3))
            return np.floor(blocks + 0.5).astype(a.dtype)
        rows = np.minimum((np.arange(nh) * h) // nh, h - 1)
        cols = np.minimum((np.arange(nw) * w) // nw, w - 1)
        return a[rows][:, cols].copy()
