"""The Python side of the pickle codec's tests: one process per batch, JSON in on stdin, JSON out.

Values travel as tagged JSON (see pickle-json.ts), never as pickles made by the code under test.
  {"mode": "dump", "items": [{"value": V, "protocol": p}]}
      -> [{"pickle": b64, "pair": b64 of pickle.dumps([v, v]), "opcodes": [names]}]
  {"mode": "load", "items": [{"value": V, "pickle": b64}]}
      -> [{"ok": bool, "got": repr}]   (pickle.loads, then compared with V built here)
  {"mode": "run", "items": [{"code": python, "protocol": p, "outOfBand": bool}]}
      -> [{"pickle": b64, "opcodes": [names]}]   (pickle.dumps of `value` after exec(code))
"""
import base64, json, math, pickle, pickletools, struct, sys

try:
    import numpy as np
except ImportError:
    np = None


def build(t):
    kind = t["t"]
    if kind == "none": return None
    if kind == "bool": return t["v"]
    if kind == "int": return int(t["v"])
    if kind == "float": return struct.unpack(">d", bytes.fromhex(t["v"]))[0]
    if kind == "str": return t["v"]
    if kind == "bytes": return base64.b64decode(t["v"])
    if kind == "bytearray": return bytearray(base64.b64decode(t["v"]))
    if kind == "tuple": return tuple(build(x) for x in t["v"])
    if kind == "list": return [build(x) for x in t["v"]]
    if kind == "dict": return {build(k): build(v) for k, v in t["v"]}
    if kind == "ndarray": return build_ndarray(t)
    raise ValueError(kind)


def build_ndarray(t):
    flat = np.frombuffer(base64.b64decode(t["v"]), dtype=np.dtype(t["dtype"]))
    array = flat.reshape(t["shape"], order="F" if t["fortran"] else "C")  # read-only view
    layout = t["layout"]
    if layout == "writable":
        return array.copy(order="K")
    if layout == "strided":  # not contiguous: numpy pickles it with _reconstruct under every protocol
        wide = np.zeros(tuple(t["shape"]) + (2,), dtype=array.dtype)
        wide[..., 0] = array
        return wide[..., 0]
    return array


def same(a, b):
    if type(a) is not type(b): return False
    if isinstance(a, float):
        return (math.isnan(a) and math.isnan(b)) or (a == b and math.copysign(1, a) == math.copysign(1, b))
    if isinstance(a, (tuple, list)):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    if isinstance(a, dict):
        return len(a) == len(b) and all(same(k, l) and same(v, w) for (k, v), (l, w) in zip(a.items(), b.items()))
    if np is not None and isinstance(a, np.ndarray):
        return a.dtype == b.dtype and a.shape == b.shape and a.tobytes() == b.tobytes()
    return a == b


def dump(item):
    value = build(item["value"])
    data = pickle.dumps(value, protocol=item["protocol"])
    pair = pickle.dumps([value, value], protocol=item["protocol"])
    opcodes = sorted({op.name for op, _, _ in pickletools.genops(data)} | {op.name for op, _, _ in pickletools.genops(pair)})
    return {"pickle": b64(data), "pair": b64(pair), "opcodes": opcodes}


def load(item):
    got = pickle.loads(base64.b64decode(item["pickle"]))
    return {"ok": same(got, build(item["value"])), "got": repr(got)[:300]}


def run(item):
    scope = globals()  # this module is __main__, so classes defined here pickle as __main__.Name
    exec(item["code"], scope)
    buffers = [] if item.get("outOfBand") else None
    data = pickle.dumps(scope["value"], protocol=item["protocol"], buffer_callback=None if buffers is None else buffers.append)
    return {"pickle": b64(data), "opcodes": sorted({op.name for op, _, _ in pickletools.genops(data)})}


def b64(data):
    return base64.b64encode(data).decode("ascii")


request = json.load(sys.stdin)
handler = {"dump": dump, "load": load, "run": run}[request["mode"]]
json.dump([handler(item) for item in request["items"]], sys.stdout)
