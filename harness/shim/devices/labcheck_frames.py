# The stand-in camera's frames. The same function exists in TypeScript
# (harness/formats/video/synthetic-frame.ts); a test checks both give the same bytes.
#
# Frame k is a uint8 array of shape (480, 640, 3) with value[y, x, c] = (x + 2*y + 85*c + 7*k) % 256,
# whose first 8 bytes (C order) are then overwritten by k as a big-endian uint64, so every frame
# differs and names itself. A clip read from a file is the same generator starting at CLIP_FIRST.

HEIGHT = 480
WIDTH = 640
CHANNELS = 3
CLIP_FIRST = 1_000_000

_base = None  # (x + 2*y + 85*c) % 256, computed once


def _base_frame():
    global _base
    if _base is None:
        import numpy as np

        y = np.arange(HEIGHT, dtype=np.int64).reshape(HEIGHT, 1, 1)
        x = np.arange(WIDTH, dtype=np.int64).reshape(1, WIDTH, 1)
        c = np.arange(CHANNELS, dtype=np.int64).reshape(1, 1, CHANNELS)
        _base = ((x + 2 * y + 85 * c) % 256).astype(np.uint8)
    return _base


def frame(k):
    """Camera frame number k (a new, writable array)."""
    import numpy as np

    out = _base_frame() + np.uint8((7 * k) % 256)  # uint8 addition wraps modulo 256
    out.reshape(-1)[:8] = np.frombuffer(int(k).to_bytes(8, "big"), dtype=np.uint8)
    return out


def number_of(data):
    """The k written in the first 8 bytes of a frame's bytes (None when shorter)."""
    if len(data) < 8:
        return None
    return int.from_bytes(bytes(data[:8]), "big")
