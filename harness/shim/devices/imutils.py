# Stand-in for imutils: the installed package when there is one (its resize calls cv2.resize, the
# real one or the stand-in's); otherwise imutils.resize with the same logic as imutils 0.5.4
# (keep the aspect ratio, int() the other side, cv2.resize with INTER_AREA).
import sys

import labcheck_devices as _dev

_real = _dev.load_real("imutils")

if _real is not None:
    sys.modules[__name__] = _real
else:
    import cv2

    def resize(image, width=None, height=None, inter=cv2.INTER_AREA):
        (h, w) = image.shape[:2]
        if width is None and height is None:
            return image
        if width is None:
            r = height / float(h)
            dim = (int(w * r), height)
        else:
            r = width / float(w)
            dim = (width, int(h * r))
        return cv2.resize(image, dim, interpolation=inter)
