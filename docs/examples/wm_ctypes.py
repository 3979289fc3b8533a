"""wm_ctypes.py - embedding the stillwatch watermark from a Python model server.

The library is C; a Python server loads the shared build (libstillwatch_wm.so)
with ctypes and calls it once per generated token with the logits as a
contiguous float32 buffer (a NumPy array's .ctypes.data, or a torch tensor's
.data_ptr() after .float().cpu().contiguous()). The call releases nothing and
keeps no state; one handle serves every request and thread.

    python3 docs/examples/wm_ctypes.py build/libstillwatch_wm.so
"""
import ctypes
import random
import sys

SW_WM_KGW, SW_WM_GUMBEL = 0, 1


class Params(ctypes.Structure):
    _fields_ = [("scheme", ctypes.c_int), ("gamma", ctypes.c_double), ("delta", ctypes.c_double),
                ("window", ctypes.c_uint), ("self_hash", ctypes.c_bool)]


class Tally(ctypes.Structure):
    _fields_ = [("tokens", ctypes.c_uint64), ("scored", ctypes.c_uint64), ("repeats", ctypes.c_uint64),
                ("green", ctypes.c_uint64), ("score", ctypes.c_double)]


class Result(ctypes.Structure):
    _fields_ = [("scored", ctypes.c_uint64), ("statistic", ctypes.c_double), ("expected", ctypes.c_double),
                ("z", ctypes.c_double), ("ln_p", ctypes.c_double), ("p", ctypes.c_double),
                ("gamma", ctypes.c_double)]


class Watermark:
    def __init__(self, lib_path, secret_hex, scheme=SW_WM_KGW, gamma=0.25, delta=2.0, window=1, self_hash=False):
        lib = ctypes.CDLL(lib_path)
        u32p, f32p = ctypes.POINTER(ctypes.c_uint32), ctypes.POINTER(ctypes.c_float)
        lib.sw_wm_new.argtypes = [ctypes.POINTER(ctypes.c_void_p), ctypes.c_char_p, ctypes.c_size_t,
                                  ctypes.POINTER(Params), ctypes.c_char_p, ctypes.c_size_t]
        lib.sw_wm_free.argtypes = [ctypes.c_void_p]
        lib.sw_wm_bias.argtypes = [ctypes.c_void_p, u32p, ctypes.c_size_t, f32p, ctypes.c_uint32]
        lib.sw_wm_sample.argtypes = [ctypes.c_void_p, u32p, ctypes.c_size_t, f32p, ctypes.c_uint32,
                                     ctypes.c_uint64, u32p]
        lib.sw_wm_score.argtypes = [ctypes.c_void_p, u32p, ctypes.c_size_t, ctypes.c_void_p, ctypes.POINTER(Tally)]
        lib.sw_wm_seen_new.argtypes = [ctypes.POINTER(ctypes.c_void_p)]
        lib.sw_wm_seen_free.argtypes = [ctypes.c_void_p]
        lib.sw_wm_tally_result.argtypes = [ctypes.c_void_p, ctypes.POINTER(Tally), ctypes.POINTER(Result)]
        self.lib, self.handle = lib, ctypes.c_void_p()
        secret = bytes.fromhex(secret_hex)
        p = Params(scheme, gamma, delta, window, self_hash)
        err = ctypes.create_string_buffer(256)
        if lib.sw_wm_new(ctypes.byref(self.handle), secret, len(secret), ctypes.byref(p), err, 256) != 0:
            raise ValueError(err.value.decode())

    def __del__(self):
        if getattr(self, "handle", None):
            self.lib.sw_wm_free(self.handle)

    def sample(self, context, logits, random64):
        """Next token from float32 logits (a ctypes array or a buffer address)."""
        ctx = (ctypes.c_uint32 * len(context))(*context)
        out = ctypes.c_uint32()
        rc = self.lib.sw_wm_sample(self.handle, ctx, len(context), logits, len(logits), random64, ctypes.byref(out))
        if rc != 0:
            raise ValueError("sw_wm_sample failed: %d" % rc)
        return out.value

    def bias(self, context, logits):
        """Adds the green-list bias to float32 logits in place (KGW)."""
        ctx = (ctypes.c_uint32 * len(context))(*context)
        if self.lib.sw_wm_bias(self.handle, ctx, len(context), logits, len(logits)) != 0:
            raise ValueError("sw_wm_bias needs the kgw scheme")

    def detect(self, ids):
        seen = ctypes.c_void_p()
        self.lib.sw_wm_seen_new(ctypes.byref(seen))
        t, r = Tally(), Result()
        arr = (ctypes.c_uint32 * len(ids))(*ids)
        self.lib.sw_wm_score(self.handle, arr, len(ids), seen, ctypes.byref(t))
        self.lib.sw_wm_tally_result(self.handle, ctypes.byref(t), ctypes.byref(r))
        self.lib.sw_wm_seen_free(seen)
        return {"scored": r.scored, "z": r.z, "p_value": r.p, "log10_p": r.ln_p / 2.302585092994046}


def main():
    lib = sys.argv[1] if len(sys.argv) > 1 else "build/libstillwatch_wm.so"
    wm = Watermark(lib, "3f9a0c5d7e21b4680f1e2d3c4b5a69788796a5b4c3d2e1f00112233445566778")
    vocab, rnd = 32000, random.Random(7)
    base = [rnd.uniform(0, 10) for _ in range(vocab)]   # stand-in for the model
    logits = (ctypes.c_float * vocab)()
    context = [17, 4242, 99]                             # the prompt
    for _ in range(200):
        shift = context[-1] % 97
        for t in range(vocab):                           # a model would fill this buffer
            logits[t] = base[(t + shift) % vocab]
        context.append(wm.sample(context, logits, rnd.getrandbits(64)))
    result = wm.detect(context[3:])
    print("generated 200 tokens:", result)
    assert result["p_value"] < 1e-6


if __name__ == "__main__":
    main()
