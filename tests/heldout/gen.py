#!/usr/bin/env python3
"""Held-out traffic generator for stillwatch.

Independent of the project's own simulator: its populations, phrasings, model
names, networks and parameters were written separately, so a detector tuned on
the simulator can be checked for over-fitting.  Standard library only.

    python3 tests/heldout/gen.py --out DIR [--seed N] [--scale F] [--days D]
    python3 tests/heldout/gen.py --check DIR
"""
import argparse
import base64
import hashlib
import json
import math
import os
import random
import re
import sys
import time
from datetime import datetime, timezone

SEC = 1000
MIN = 60 * SEC
HOUR = 60 * MIN
DAY = 24 * HOUR
START = datetime(2026, 9, 14, tzinfo=timezone.utc)  # a Monday, two weeks into term

LEGIT_LABELS = ["legit:individual", "legit:student", "legit:coding_agent", "legit:eval_job",
                "legit:batch_pipeline", "legit:app_backend", "legit:campus", "legit:researcher"]
ATTACK_LABELS = ["attack:hydra", "attack:reseller", "attack:slow_sweep", "attack:scraper",
                 "attack:pivot"]
ENDPOINTS = ["/v1/chat/completions", "/v1/completions", "/v1/responses", "/v1/messages"]
VERIFICATIONS = ["none", "email", "phone", "id", "business", "enterprise", "edu"]

# --------------------------------------------------------------------------- utilities

def pick(r, seq):
    return seq[r.randrange(len(seq))]


def wpick(r, pairs):
    """pairs: list of (item, weight)."""
    tot = 0.0
    for _, w in pairs:
        tot += w
    x = r.random() * tot
    for item, w in pairs:
        x -= w
        if x <= 0:
            return item
    return pairs[-1][0]


def hexid(r, n):
    return "%0*x" % (n, r.getrandbits(4 * n))


B32 = "abcdefghijkmnpqrstuvwxyz23456789"


def b32id(r, n):
    return "".join(B32[r.randrange(32)] for _ in range(n))


def clamp(x, lo, hi):
    return lo if x < lo else hi if x > hi else x


def poisson(r, lam):
    if lam <= 0:
        return 0
    if lam > 40:
        return max(0, int(round(r.gauss(lam, math.sqrt(lam)))))
    l, k, p = math.exp(-lam), 0, 1.0
    while True:
        p *= r.random()
        if p <= l:
            return k
        k += 1


def fmt_ts(ms):
    s = datetime.fromtimestamp(ms // 1000, timezone.utc).strftime("%Y-%m-%dT%H:%M:%S")
    return "%s.%03dZ" % (s, ms % 1000)


def trunc(s, n):
    if len(s) <= n:
        return s
    cut = s[:n - 1]
    sp = cut.rfind(" ")
    if sp > n * 0.7:
        cut = cut[:sp]
    return cut + "\u2026"


def toks(chars):
    return max(1, int(chars / 3.7))


def sh(s):
    return hashlib.sha256(s.encode()).digest()

# --------------------------------------------------------------------------- networks
# (asn, country, operator) -- operator names only used as comments / for variety
RESIDENTIAL = [
    (7922, "US"), (20115, "US"), (701, "US"), (7018, "US"), (22773, "US"), (5650, "US"),
    (11427, "US"), (10796, "US"), (3320, "DE"), (3209, "DE"), (6805, "DE"), (2856, "GB"),
    (5089, "GB"), (5607, "GB"), (3215, "FR"), (12322, "FR"), (5410, "FR"), (3352, "ES"),
    (12479, "ES"), (3269, "IT"), (30722, "IT"), (1136, "NL"), (33915, "NL"), (12741, "PL"),
    (5617, "PL"), (3301, "SE"), (3303, "CH"), (5432, "BE"), (4713, "JP"), (2516, "JP"),
    (17676, "JP"), (4766, "KR"), (9318, "KR"), (55836, "IN"), (24560, "IN"), (9829, "IN"),
    (28573, "BR"), (26599, "BR"), (812, "CA"), (577, "CA"), (6327, "CA"), (1221, "AU"),
    (4804, "AU"), (9121, "TR"), (7552, "VN"), (45899, "VN"), (9299, "PH"), (8151, "MX"),
    (3462, "TW"), (4788, "MY"), (7713, "ID"), (12389, "RU"), (15895, "UA"), (37457, "ZA"),
    (8452, "EG"), (7303, "AR"), (10620, "CO"), (17557, "PK"), (4134, "CN"), (4837, "CN"),
    (9506, "SG"), (33771, "KE"), (29247, "NG"), (24203, "ID"), (8048, "VE"), (6057, "UY"),
    (27651, "CL"), (5769, "CA"), (2119, "NO"), (3292, "DK"), (1759, "FI"), (8447, "AT"),
    (2860, "PT"), (6799, "GR"), (5588, "CZ"), (5483, "HU"), (8708, "RO"), (12874, "IL"),
]
MOBILE = [(21928, "US"), (22394, "US"), (20057, "US"), (12576, "GB"), (3209, "DE"),
          (45609, "IN"), (17858, "KR"), (26615, "BR"), (16135, "TR"), (45727, "ID")]
CLOUD = [(16509, "US"), (16509, "IE"), (16509, "DE"), (16509, "JP"), (16509, "SG"),
         (14618, "US"), (15169, "US"), (396982, "US"), (396982, "NL"), (8075, "US"),
         (8075, "NL"), (8075, "IE"), (14061, "US"), (14061, "DE"), (24940, "DE"),
         (24940, "FI"), (16276, "FR"), (16276, "CA"), (63949, "US"), (31898, "US"),
         (20473, "US"), (45102, "SG"), (132203, "HK"), (13335, "US"), (212238, "GB")]
HOSTING_CHEAP = [(24940, "DE"), (16276, "FR"), (14061, "US"), (20473, "US"), (51167, "DE"),
                 (9009, "GB"), (60068, "NL"), (62240, "US"), (36352, "US"), (49981, "NL")]
BUSINESS_ISP = [(7922, "US"), (7018, "US"), (174, "US"), (3356, "US"), (6461, "US"),
                (3320, "DE"), (2856, "GB"), (3215, "FR"), (1136, "NL"), (4713, "JP"),
                (6453, "IN"), (1299, "SE")]

UNIVERSITIES = [
    # name, email domain, country, asn, utc offset (hours, September)
    ("Alderbrook University", "alderbrook.edu", "US", 10886, -4),
    ("Carrow State University", "carrowstate.edu", "US", 32015, -5),
    ("Pacifica Institute of Technology", "pacifica-tech.edu", "US", 26397, -7),
    ("University of Whitmoor", "whitmoor.ac.uk", "GB", 786, 1),
    ("Technische Hochschule Kaltenbach", "th-kaltenbach.de", "DE", 680, 2),
    ("Universite de Valmont", "univ-valmont.fr", "FR", 2200, 2),
    ("Hollandse Universiteit Delven", "hu-delven.nl", "NL", 1103, 2),
    ("Kitaura University", "kitaura-u.ac.jp", "JP", 2907, 9),
    ("Hanbit National University", "hanbit.ac.kr", "KR", 17579, 9),
    ("Indian Institute of Science Naravali", "iisn.ac.in", "IN", 55824, 5.5),
    ("Universidade do Planalto", "uplanalto.edu.br", "BR", 1916, -3),
    ("University of Southern Reach", "usreach.edu.au", "AU", 7575, 10),
    ("Lakeshore College of Applied Science", "lakeshore.ca", "CA", 376, -4),
    ("Politecnico di Serrano", "polisarrano.it", "IT", 137, 2),
]

TZ = {"US": [-4, -5, -6, -7], "CA": [-4, -5, -7], "MX": [-6], "BR": [-3], "AR": [-3],
      "CL": [-3], "CO": [-5], "VE": [-4], "UY": [-3], "GB": [1], "IE": [1], "PT": [1],
      "DE": [2], "FR": [2], "ES": [2], "IT": [2], "NL": [2], "BE": [2], "CH": [2], "AT": [2],
      "PL": [2], "SE": [2], "NO": [2], "DK": [2], "CZ": [2], "HU": [2], "FI": [3], "GR": [3],
      "RO": [3], "UA": [3], "TR": [3], "RU": [3], "IL": [3], "EG": [3], "KE": [3], "ZA": [2],
      "NG": [1], "IN": [5.5], "PK": [5], "VN": [7], "ID": [7], "TH": [7], "CN": [8],
      "SG": [8], "MY": [8], "PH": [8], "TW": [8], "HK": [8], "JP": [9], "KR": [9],
      "AU": [10, 8]}

_OCTETS = [23, 24, 31, 37, 45, 46, 50, 62, 66, 67, 68, 69, 71, 73, 76, 77, 78, 79, 80, 81,
           82, 83, 84, 85, 86, 87, 88, 89, 90, 91, 92, 93, 94, 95, 98, 99, 104, 107, 108,
           109, 112, 113, 114, 115, 116, 117, 118, 119, 121, 122, 123, 124, 125, 138, 139,
           141, 142, 144, 146, 147, 150, 151, 152, 153, 156, 158, 159, 162, 163, 164, 165,
           167, 170, 173, 174, 175, 176, 177, 178, 179, 180, 181, 182, 183, 185, 186, 187,
           188, 189, 190, 193, 194, 195, 197, 200, 201, 202, 203, 206, 207, 209, 210, 211,
           212, 213, 217, 218, 219, 220, 221, 222]
_PFX_CACHE = {}


def prefixes(asn, country):
    key = (asn, country)
    if key not in _PFX_CACHE:
        out = []
        for i in range(5):
            h = sh("pfx:%d:%s:%d" % (asn, country, i))
            out.append((_OCTETS[h[0] % len(_OCTETS)], h[1]))
        h6 = sh("v6:%d:%s" % (asn, country))
        v6 = "%x:%x" % (0x2000 + ((h6[0] << 8 | h6[1]) & 0x1fff), h6[2] << 8 | h6[3])
        _PFX_CACHE[key] = (out, v6)
    return _PFX_CACHE[key]


def rand_ip(r, asn, country, v6=False):
    p4, p6 = prefixes(asn, country)
    if v6:
        return "%s:%x:%x:%x:%x:%x:%x" % (p6, r.randrange(65536), r.randrange(65536),
                                          r.randrange(65536), r.randrange(65536),
                                          r.randrange(65536), r.randrange(65536))
    a, b = pick(r, p4)
    return "%d.%d.%d.%d" % (a, b, r.randrange(256), r.randrange(1, 255))


class Net:
    """A network location: ip, asn, country."""
    __slots__ = ("ip", "asn", "country")

    def __init__(self, ip, asn, country):
        self.ip, self.asn, self.country = ip, asn, country


def net_from(r, table, v6p=0.0, country=None):
    cands = [t for t in table if country is None or t[1] == country] or table
    asn, cc = pick(r, cands)
    return Net(rand_ip(r, asn, cc, r.random() < v6p), asn, cc)


def home_net(r, country):
    return net_from(r, RESIDENTIAL, 0.12, country)


def tz_of(r, country):
    return pick(r, TZ.get(country, [0]))

# --------------------------------------------------------------------------- user agents
PY_SDK = ["OpenAI/Python 1.%d.%d" % (a, b) for a, b in
          [(35, 10), (40, 6), (42, 0), (47, 1), (51, 2), (54, 3), (55, 0), (58, 1), (61, 0),
           (66, 3), (68, 2)]]
JS_SDK = ["OpenAI/JS 4.%d.%d" % (a, b) for a, b in [(52, 7), (56, 0), (63, 0), (67, 3),
                                                    (71, 1), (77, 0)]]
ANT_PY = ["Anthropic/Python 0.%d.%d" % (a, b) for a, b in [(34, 2), (37, 1), (39, 0),
                                                          (40, 0), (42, 0), (45, 2)]]
ANT_JS = ["Anthropic/JS 0.%d.%d" % (a, b) for a, b in [(27, 3), (30, 1), (32, 1), (33, 0)]]
GENERIC = ["python-requests/2.31.0", "python-requests/2.32.3", "python-httpx/0.27.0",
           "python-httpx/0.27.2", "aiohttp/3.9.5", "aiohttp/3.10.10", "curl/8.5.0",
           "curl/7.81.0", "Go-http-client/2.0", "Go-http-client/1.1", "axios/1.7.7",
           "node-fetch/1.0 (+https://github.com/bitinn/node-fetch)", "okhttp/4.12.0",
           "Java-http-client/21.0.4", "reqwest/0.12.8", "Ruby", "PostmanRuntime/7.42.0"]
BROWSERS = [
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/128.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.6 Safari/605.1.15",
    "Mozilla/5.0 (X11; Linux x86_64; rv:130.0) Gecko/20100101 Firefox/130.0",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.6 Mobile/15E148 Safari/604.1",
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/128.0.6613.127 Mobile Safari/537.36",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/129.0.0.0 Safari/537.36 Edg/129.0.0.0",
]
CHAT_APPS = ["Chatterbox-Desktop/1.6.2 Electron/31.3.0", "TypePad-AI/3.2 (Macintosh)",
             "ollama-bridge/0.3.1", "Raycast/1.83.1", "obsidian-copilot/2.6.4",
             "LibreThread/0.9.3", "MindSlate/4.1.0 (iPad; iPadOS 17.6)"]


_UA_FIT = {}


def fit_ua(ua, endpoint):
    """An SDK only speaks its own vendor's API: swap to the matching SDK deterministically."""
    if not ua:
        return ua
    key = (ua, endpoint == "/v1/messages")
    if key not in _UA_FIT:
        h = sh(ua)[0]
        out = ua
        if endpoint == "/v1/messages" and ua.startswith("OpenAI/"):
            out = (ANT_JS if "JS" in ua else ANT_PY)[h % (len(ANT_JS) if "JS" in ua else len(ANT_PY))]
        elif endpoint != "/v1/messages" and ua.startswith("Anthropic/"):
            out = (JS_SDK if "JS" in ua else PY_SDK)[h % (len(JS_SDK) if "JS" in ua else len(PY_SDK))]
        _UA_FIT[key] = out
    return _UA_FIT[key]


def individual_ua(r):
    return wpick(r, [(pick(r, PY_SDK), 3), (pick(r, JS_SDK), 1), (pick(r, ANT_PY), 1.2),
                     (pick(r, GENERIC), 2), (pick(r, BROWSERS), 1.5), (pick(r, CHAT_APPS), 2)])

# --------------------------------------------------------------------------- models
OLD_MODELS = ["vireo-3", "vireo-3-mini", "vireo-3-reason", "vireo-3-reason-mini", "vireo-2.5",
              "vireo-2.5-flash", "vireo-3-2026-05-20"]
NEW_MODELS = ["vireo-4-reason", "vireo-4"]          # released part-way through the period
REASONING_MODELS = {"vireo-3-reason", "vireo-3-reason-mini", "vireo-4-reason"}
MODEL_SPEED = {"vireo-3": 11, "vireo-3-mini": 5, "vireo-3-reason": 12, "vireo-3-reason-mini": 6,
               "vireo-2.5": 14, "vireo-2.5-flash": 4, "vireo-3-2026-05-20": 11,
               "vireo-4-reason": 16, "vireo-4": 13}

# --------------------------------------------------------------------------- request building
# Neutral turn format: dict(role=user|assistant|tool, text=str|None, calls=[(id,name,args)],
# call_id=str, images=int)


def U(text, images=0):
    return {"role": "user", "text": text, "images": images}


def A(text, calls=None):
    return {"role": "assistant", "text": text, "calls": calls or []}


def T(call_id, text):
    return {"role": "tool", "text": text, "call_id": call_id}


def fake_image(r, style):
    if style == "url":
        return "https://%s/%s/%s.%s" % (pick(r, ["cdn.picshelf.net", "img.example-uploads.com",
                                                 "storage.snapbin.io", "media.notepix.app"]),
                                       hexid(r, 8), hexid(r, 12), pick(r, ["png", "jpg", "webp"]))
    raw = bytes(r.getrandbits(8) for _ in range(r.randint(90, 240)))
    return base64.b64encode(raw).decode()


def oa_tools(tools):
    return [{"type": "function", "function": {"name": n, "description": d, "parameters": p}}
            for n, d, p in tools]


class Req:
    """Parameters of one request in endpoint-neutral form."""

    def __init__(self, system=None, turns=None, max_out=1024, temperature=None, top_p=None,
                 stream=False, n=None, logprobs=False, effort=None, thinking=None, tools=None,
                 json_mode=False, user=None, stop=None, seed=None, sys_blocks=False,
                 parts=False, mct=None, metadata=None, prompt=None):
        self.system = system
        self.turns = turns or []
        self.max_out = max_out
        self.temperature = temperature
        self.top_p = top_p
        self.stream = stream
        self.n = n
        self.logprobs = logprobs
        self.effort = effort
        self.thinking = thinking
        self.tools = tools
        self.json_mode = json_mode
        self.user = user
        self.stop = stop
        self.seed = seed
        self.sys_blocks = sys_blocks
        self.parts = parts
        self.mct = mct          # use max_completion_tokens (None: decide by model)
        self.metadata = metadata
        self.prompt = prompt    # raw prompt for /v1/completions


def _call_id(prefix, r):
    return prefix + b32id(r, 22)


def build_body(r, endpoint, model, q):
    """Returns (body, prompt_chars)."""
    chars = len(q.system or "") + sum(len(t.get("text") or "") + 200 * t.get("images", 0)
                                      for t in q.turns)
    if q.tools:
        chars += sum(len(n) + len(d) + 60 * len(p.get("properties", {})) for n, d, p in q.tools)
    reasoning = model in REASONING_MODELS
    if endpoint == "/v1/completions":
        prompt = q.prompt
        if prompt is None:
            prompt = ((q.system + "\n\n") if q.system else "") + "\n\n".join(
                (t["text"] or "") for t in q.turns)
        chars = len(prompt)
        b = {"model": model, "prompt": prompt}
        if q.max_out is not None:
            b["max_tokens"] = q.max_out
        if q.temperature is not None:
            b["temperature"] = q.temperature
        if q.top_p is not None:
            b["top_p"] = q.top_p
        if q.n:
            b["n"] = q.n
        if q.logprobs:
            b["logprobs"] = 5
        if q.stop:
            b["stop"] = q.stop
        if q.stream:
            b["stream"] = True
        if q.seed is not None:
            b["seed"] = q.seed
        return b, chars

    if endpoint == "/v1/messages":
        msgs = []
        for t in q.turns:
            if t["role"] == "user":
                if t.get("images") or q.parts:
                    content = []
                    for _ in range(t.get("images", 0)):
                        if r.random() < 0.5:
                            content.append({"type": "image", "source": {
                                "type": "base64", "media_type": pick(r, ["image/png", "image/jpeg"]),
                                "data": fake_image(r, "b64")}})
                        else:
                            content.append({"type": "image", "source": {
                                "type": "url", "url": fake_image(r, "url")}})
                    content.append({"type": "text", "text": t["text"]})
                else:
                    content = t["text"]
                msgs.append({"role": "user", "content": content})
            elif t["role"] == "assistant":
                if t["calls"]:
                    content = []
                    if t["text"]:
                        content.append({"type": "text", "text": t["text"]})
                    for cid, name, args in t["calls"]:
                        content.append({"type": "tool_use", "id": cid, "name": name,
                                        "input": args})
                    msgs.append({"role": "assistant", "content": content})
                else:
                    msgs.append({"role": "assistant", "content": t["text"] or ""})
            else:
                part = {"type": "tool_result", "tool_use_id": t["call_id"], "content": t["text"]}
                if msgs and msgs[-1]["role"] == "user" and isinstance(msgs[-1]["content"], list) \
                        and msgs[-1]["content"] and msgs[-1]["content"][0].get("type") == "tool_result":
                    msgs[-1]["content"].append(part)
                else:
                    msgs.append({"role": "user", "content": [part]})
        b = {"model": model, "max_tokens": q.max_out or 1024}
        if q.system:
            if q.sys_blocks:
                paras = [p for p in q.system.split("\n\n") if p]
                if len(paras) > 2:
                    cut = max(1, len(paras) // 2)
                    blocks = [{"type": "text", "text": "\n\n".join(paras[:cut])},
                              {"type": "text", "text": "\n\n".join(paras[cut:]),
                               "cache_control": {"type": "ephemeral"}}]
                else:
                    blocks = [{"type": "text", "text": q.system,
                               "cache_control": {"type": "ephemeral"}}]
                b["system"] = blocks
            else:
                b["system"] = q.system
        b["messages"] = msgs
        if q.thinking:
            b["thinking"] = {"type": "enabled", "budget_tokens": q.thinking}
        elif q.temperature is not None:
            b["temperature"] = q.temperature
        if q.top_p is not None and not q.thinking:
            b["top_p"] = q.top_p
        if q.tools:
            b["tools"] = [{"name": n, "description": d, "input_schema": p} for n, d, p in q.tools]
        if q.stop:
            b["stop_sequences"] = q.stop
        if q.stream:
            b["stream"] = True
        if q.user:
            b["metadata"] = {"user_id": q.user}
        return b, chars

    if endpoint == "/v1/responses":
        single = (len(q.turns) == 1 and q.turns[0]["role"] == "user"
                  and not q.turns[0].get("images") and not q.parts)
        if single and r.random() < 0.6:
            inp = q.turns[0]["text"]
        else:
            inp = []
            for t in q.turns:
                if t["role"] == "user":
                    if t.get("images") or q.parts:
                        content = [{"type": "input_text", "text": t["text"]}]
                        for _ in range(t.get("images", 0)):
                            content.append({"type": "input_image", "image_url": (
                                fake_image(r, "url") if r.random() < 0.5 else
                                "data:image/png;base64," + fake_image(r, "b64"))})
                        inp.append({"role": "user", "content": content})
                    else:
                        inp.append({"role": "user", "content": t["text"]})
                elif t["role"] == "assistant":
                    if t["text"]:
                        inp.append({"role": "assistant", "content": t["text"]})
                    for cid, name, args in t["calls"]:
                        inp.append({"type": "function_call", "call_id": cid, "name": name,
                                    "arguments": json.dumps(args)})
                else:
                    inp.append({"type": "function_call_output", "call_id": t["call_id"],
                                "output": t["text"]})
        b = {"model": model, "input": inp}
        if q.system:
            b["instructions"] = q.system
        if q.max_out is not None:
            b["max_output_tokens"] = q.max_out
        if q.temperature is not None and not reasoning:
            b["temperature"] = q.temperature
        if q.effort and reasoning:
            b["reasoning"] = {"effort": q.effort, "summary": "auto"}
        if q.tools:
            b["tools"] = [{"type": "function", "name": n, "description": d, "parameters": p}
                          for n, d, p in q.tools]
        if q.json_mode:
            b["text"] = {"format": {"type": "json_object"}}
        if q.stream:
            b["stream"] = True
        if q.user:
            b["user"] = q.user
        if r.random() < 0.3:
            b["store"] = False
        return b, chars

    # chat completions
    msgs = []
    if q.system:
        role = "developer" if (reasoning and r.random() < 0.5) else "system"
        msgs.append({"role": role, "content": q.system})
    for t in q.turns:
        if t["role"] == "user":
            if t.get("images") or q.parts:
                content = [{"type": "text", "text": t["text"]}]
                for _ in range(t.get("images", 0)):
                    url = fake_image(r, "url") if r.random() < 0.5 else \
                        "data:image/jpeg;base64," + fake_image(r, "b64")
                    content.append({"type": "image_url", "image_url": {"url": url}})
                msgs.append({"role": "user", "content": content})
            else:
                msgs.append({"role": "user", "content": t["text"]})
        elif t["role"] == "assistant":
            m = {"role": "assistant", "content": t["text"] if t["text"] else None}
            if t["calls"]:
                m["tool_calls"] = [{"id": cid, "type": "function",
                                    "function": {"name": name, "arguments": json.dumps(args)}}
                                   for cid, name, args in t["calls"]]
            elif m["content"] is None:
                m["content"] = ""
            msgs.append(m)
        else:
            msgs.append({"role": "tool", "tool_call_id": t["call_id"], "content": t["text"]})
    b = {"model": model, "messages": msgs}
    use_mct = q.mct if q.mct is not None else reasoning
    if q.max_out is not None:
        b["max_completion_tokens" if use_mct else "max_tokens"] = q.max_out
    if q.temperature is not None and not (reasoning and q.temperature != 1):
        b["temperature"] = q.temperature
    if q.top_p is not None:
        b["top_p"] = q.top_p
    if q.n:
        b["n"] = q.n
    if q.logprobs:
        b["logprobs"] = True
        b["top_logprobs"] = 5
    if q.effort and reasoning:
        b["reasoning_effort"] = q.effort
    if q.tools:
        b["tools"] = oa_tools(q.tools)
        b["tool_choice"] = "auto"
    if q.json_mode:
        b["response_format"] = {"type": "json_object"}
    if q.stop:
        b["stop"] = q.stop
    if q.seed is not None:
        b["seed"] = q.seed
    if q.stream:
        b["stream"] = True
        b["stream_options"] = {"include_usage": True}
    if q.user:
        b["user"] = q.user
    return b, chars


FINISH = {"stop": {"/v1/messages": "end_turn"}, "length": {"/v1/messages": "max_tokens"},
          "tool_calls": {"/v1/messages": "tool_use"}}


def finish_name(endpoint, f):
    return FINISH.get(f, {}).get(endpoint, f)

# =========================================================================== content banks
# ---- task generators for "high-value" skills.  Each returns (text, answer_hint).

NAMES = ["Priya", "Tomasz", "Amara", "Kenji", "Lucia", "Obi", "Freya", "Mateo", "Yusuf", "Ines",
         "Hana", "Dmitri", "Aisha", "Liam", "Sofia", "Chen", "Noor", "Rafael", "Elif", "Jonas"]
CITIES = ["Lisbon", "Osaka", "Nairobi", "Denver", "Krakow", "Montreal", "Hanoi", "Porto Alegre",
          "Adelaide", "Tallinn", "Cork", "Medellin", "Pune", "Busan", "Valencia", "Edinburgh"]


def _sq(x):
    return ("+ %d" % x) if x >= 0 else ("- %d" % -x)


def math_task(r, k=None):
    k = r.randrange(18) if k is None else k
    if k == 0:
        a, b, c = r.randint(1, 9), r.randint(-30, 30), r.randint(-40, 40)
        return ("Find all real x satisfying %dx^2 %s x %s = 0." % (a, _sq(b), _sq(c)), "roots")
    if k == 1:
        b, e, m = r.randint(2, 19), r.randint(50, 2026), r.choice([7, 11, 13, 17, 19, 23, 29, 97, 101, 1000])
        return ("What is the remainder when %d^%d is divided by %d?" % (b, e, m), str(pow(b, e, m)))
    if k == 2:
        n, kk = r.randint(6, 12), r.randint(2, 4)
        return ("In how many ways can %d distinct books be placed on a shelf if %d particular books "
                "must stand next to each other?" % (n, kk),
                str(math.factorial(n - kk + 1) * math.factorial(kk)))
    if k == 3:
        red, blue, d = r.randint(3, 9), r.randint(3, 9), r.randint(2, 4)
        j = r.randint(1, d)
        return ("An urn holds %d red and %d blue balls. %d balls are drawn without replacement. "
                "What is the probability that exactly %d of them are red?" % (red, blue, d, j), "p")
    if k == 4:
        a, b = r.randint(3, 15), r.randint(3, 15)
        c = r.randint(abs(a - b) + 1, a + b - 1)
        return ("A triangle has sides %d, %d and %d. Determine its area and the radius of its "
                "circumcircle." % (a, b, c), "area")
    if k == 5:
        a, p, q, n = r.randint(1, 5), r.randint(2, 4), r.randint(1, 9), r.randint(8, 20)
        return ("A sequence satisfies a_1 = %d and a_{n+1} = %d a_n + %d. Derive a closed form "
                "and compute a_%d." % (a, p, q, n), "closed form")
    if k == 6:
        n, kk = r.randint(1, 4), r.randint(1, 3)
        return ("Evaluate the definite integral of x^%d e^(-%dx) from 0 to infinity." % (n, kk),
                "%d!/%d^%d" % (n, kk, n + 1))
    if k == 7:
        a = r.randint(2, 7)
        return ("Compute lim_{x->0} (sin(%dx) - %dx) / x^3." % (a, a), str(-a ** 3) + "/6")
    if k == 8:
        N = r.randint(2, 9) ** r.randint(1, 3) * r.choice([6, 10, 12, 15, 21, 35]) * r.randint(1, 13)
        d = sum(1 for i in range(1, N + 1) if N % i == 0) if N < 200000 else 0
        return ("How many positive divisors does %d have?" % N, str(d))
    if k == 9:
        m = r.choice([17, 19, 23, 29, 31, 37, 41])
        a, b = r.randint(2, m - 1), r.randint(1, m - 1)
        return ("Find the smallest positive integer n with %dn = %d (mod %d)." % (a, b, m),
                str((b * pow(a, -1, m)) % m))
    if k == 10:
        return (pick(r, [
            "Let a, b, c be positive reals with abc = 1. Prove that a^2 + b^2 + c^2 >= a + b + c.",
            "Prove that for every positive integer n, n^5 - n is divisible by 30.",
            "Show that the sum of the reciprocals of the primes diverges.",
            "Prove that there are infinitely many primes of the form 4k + 3.",
            "Let x, y > 0 with x + y = 1. Prove that (1 + 1/x)(1 + 1/y) >= 9.",
            "Prove that sqrt(2) + sqrt(3) is irrational.",
            "Show that every tournament has a Hamiltonian path.",
            "Prove that among any n + 1 integers from {1, ..., 2n} one divides another.",
            "Prove that a graph with n vertices and more than n^2/4 edges contains a triangle.",
            "Show that the equation x^2 - 2y^2 = 1 has infinitely many integer solutions.",
        ]), "proof")
    if k == 11:
        kk = r.randint(1, 6)
        return ("Find all functions f: R -> R such that f(x + y) = f(x) + f(y) + %dxy for all real "
                "x, y, given that f is continuous." % kk, "f(x)=%d/2 x^2 + cx" % kk)
    if k == 12:
        a, b, c, d = (r.randint(-6, 9) for _ in range(4))
        return ("Find the eigenvalues and eigenvectors of the 2x2 matrix [[%d, %d], [%d, %d]]."
                % (a, b, c, d), "eig")
    if k == 13:
        v1, v2, dist = r.randint(40, 90), r.randint(50, 120), r.randint(150, 600)
        return ("Two trains leave %s and %s, %d km apart, heading toward each other at %d km/h "
                "and %d km/h. A bird flies back and forth between them at %d km/h until they meet. "
                "How far does the bird fly?" % (pick(r, CITIES), pick(r, CITIES), dist, v1, v2,
                                               v1 + v2 + r.randint(10, 60)), "distance")
    if k == 14:
        m, n = r.randint(4, 9), r.randint(4, 9)
        p, q = r.randint(1, m - 1), r.randint(1, n - 1)
        tot = math.comb(m + n, m) - math.comb(p + q, p) * math.comb(m - p + n - q, m - p)
        return ("How many up/right lattice paths go from (0,0) to (%d,%d) without passing through "
                "(%d,%d)?" % (m, n, p, q), str(tot))
    if k == 15:
        d, s = r.randint(3, 5), r.randint(5, 20)
        return ("How many %d-digit positive integers have digits summing to %d?" % (d, s), "count")
    if k == 16:
        w1, w2 = r.randint(3, 12), r.randint(3, 12)
        return ("%s can paint a fence in %d hours and %s can paint it in %d hours. They start "
                "together but %s leaves after 1 hour. How long does the whole job take?"
                % (pick(r, NAMES), w1, pick(r, NAMES), w2, pick(r, ["the first", "the second"])),
                "hours")
    p = r.randint(2, 6)
    return ("Let P(x) be a monic polynomial of degree %d with P(k) = k for k = 1, ..., %d. "
            "Find P(%d)." % (p, p, p + 1), str(math.factorial(p) + p + 1))


CODE_SPECS = [
    "returns the length of the longest strictly increasing subsequence of an integer array",
    "implements an LRU cache with O(1) get and put",
    "merges overlapping intervals and returns them sorted",
    "computes shortest paths from a source in a weighted directed graph with non-negative weights",
    "builds a trie and returns the top-k completions for a prefix ranked by frequency",
    "parses and evaluates arithmetic expressions with +, -, *, / and parentheses",
    "performs a topological sort and reports a cycle if one exists",
    "implements a token-bucket rate limiter that is safe under concurrent access",
    "rotates an n x n matrix 90 degrees clockwise in place",
    "solves the 0/1 knapsack problem and reconstructs the chosen items",
    "computes the edit distance between two strings and prints one optimal alignment",
    "implements union-find with path compression and union by rank",
    "finds the median of two sorted arrays in logarithmic time",
    "serialises and deserialises a binary tree",
    "detects whether a linked list has a cycle and returns the cycle's entry node",
    "implements a min-heap priority queue supporting decrease-key",
    "finds all strongly connected components of a directed graph",
    "counts the number of islands in a grid of 0s and 1s",
    "implements a consistent-hashing ring with virtual nodes",
    "validates a Sudoku board and solves it with backtracking",
    "computes a minimum spanning tree with Kruskal's algorithm",
    "implements a skip list with insert, delete and search",
    "returns the k most frequent words in a text stream using bounded memory",
    "implements a simple regular-expression matcher supporting '.', '*' and '?'",
    "schedules tasks with dependencies and durations to minimise total completion time",
    "implements a bounded blocking queue with producer and consumer threads",
    "computes the maximum flow in a network with Edmonds-Karp",
    "finds the longest palindromic substring in linear time",
    "implements an interval tree supporting overlap queries",
    "compresses a string with run-length encoding and decodes it again",
    "implements a bloom filter with a configurable false-positive rate",
    "diffs two text files line by line using the Myers algorithm",
    "implements a small JSON parser without using the standard library's JSON module",
    "computes the convex hull of a set of 2D points",
    "implements a retry wrapper with exponential backoff and jitter",
]
LANGS = ["Python", "Rust", "C++", "Go", "TypeScript", "Java", "C", "Kotlin", "Haskell", "C#"]
CODE_EXTRAS = ["", "", " Include unit tests.", " Analyse the time and space complexity.",
               " Avoid recursion.", " Handle empty and malformed input.",
               " Explain why the algorithm is correct.", " Optimise for cache locality.",
               " Do not use any third-party libraries.", " Add type annotations."]
BUGGY = [
    ("Python", "def mean(xs):\n    total = 0\n    for i in range(1, len(xs)):\n        total += xs[i]\n    return total / len(xs)"),
    ("Python", "def dedupe(items):\n    seen = []\n    for x in items:\n        if x not in seen:\n            seen.append(x)\n            items.remove(x)\n    return seen"),
    ("JavaScript", "async function loadAll(urls) {\n  const out = [];\n  urls.forEach(async u => {\n    out.push(await fetch(u).then(r => r.json()));\n  });\n  return out;\n}"),
    ("C", "char *copy(const char *s) {\n  char *d = malloc(strlen(s));\n  strcpy(d, s);\n  return d;\n}"),
    ("Go", "func worker(jobs []int, out chan int) {\n  for i := range jobs {\n    go func() { out <- jobs[i] * 2 }()\n  }\n}"),
    ("Java", "public boolean same(String a, String b) {\n    return a == b;\n}"),
    ("Rust", "fn first_word(s: &String) -> &str {\n    let bytes = s.as_bytes();\n    for (i, &b) in bytes.iter().enumerate() {\n        if b == b' ' { return &s[..i+1]; }\n    }\n    &s[..]\n}"),
    ("SQL", "SELECT customer_id, COUNT(*) FROM orders WHERE status = 'paid' HAVING COUNT(*) > 3;"),
]


def code_task(r, k=None):
    k = r.random() if k is None else k
    if k < 0.75:
        return ("Write a %s function that %s.%s" % (pick(r, LANGS), pick(r, CODE_SPECS),
                                                      pick(r, CODE_EXTRAS)), "code")
    if k < 0.9:
        lang, src = pick(r, BUGGY)
        return ("The following %s code has a bug. Find it, explain it and fix it.\n\n```\n%s\n```"
                % (lang, src), "fix")
    return ("Design the data model and core algorithm for %s. Discuss trade-offs."
            % pick(r, ["a collaborative text editor with offline edits",
                       "a ride-sharing dispatch service", "a distributed job scheduler",
                       "a URL shortener handling 10k writes per second",
                       "an inventory system that never oversells",
                       "a leaderboard with millions of players updated in real time"]), "design")


def science_task(r, k=None):
    k = r.randrange(14) if k is None else k
    if k == 0:
        v, ang = r.randint(10, 60), r.choice([15, 25, 30, 37, 45, 53, 60])
        return ("A projectile is launched at %d m/s at %d degrees above the horizontal from a "
                "%d m high cliff. Find its range and maximum height (g = 9.81 m/s^2)."
                % (v, ang, r.randint(0, 80)), "range")
    if k == 1:
        R, C = r.choice([1, 2.2, 4.7, 10, 47]), r.choice([10, 22, 47, 100, 220])
        return ("A %s kOhm resistor and a %d uF capacitor are in series with a %d V source. How long "
                "until the capacitor reaches %d%% of the source voltage?" % (R, C, r.choice([5, 9, 12, 24]),
                                                                             r.choice([50, 63, 90, 95, 99])), "t")
    if k == 2:
        return ("%.1f mol of an ideal gas expands isothermally at %d K from %d L to %d L. Compute "
                "the work done and the entropy change." % (r.uniform(0.5, 4), r.randint(250, 500),
                                                            r.randint(2, 10), r.randint(11, 40)), "W")
    if k == 3:
        acid = pick(r, [("acetic acid", 4.76), ("formic acid", 3.75), ("ammonium", 9.25),
                        ("dihydrogen phosphate", 7.21)])
        return ("Calculate the pH of a buffer made from %.2f M %s and %.2f M of its conjugate "
                "(pKa = %.2f) after adding %.3f mol of HCl to 1 L." % (r.uniform(0.05, 0.5), acid[0],
                                                                        r.uniform(0.05, 0.5), acid[1],
                                                                        r.uniform(0.001, 0.02)), "pH")
    if k == 4:
        return ("How many grams of %s are produced when %.1f g of %s reacts with excess %s? "
                "Balance the equation first." % pick(r, [
                    ("water", r.uniform(2, 20), "hydrogen", "oxygen"),
                    ("carbon dioxide", r.uniform(5, 50), "propane", "oxygen"),
                    ("iron", r.uniform(10, 90), "iron(III) oxide", "carbon monoxide"),
                    ("ammonia", r.uniform(3, 30), "nitrogen", "hydrogen")]), "g")
    if k == 5:
        q = r.uniform(0.05, 0.45)
        return ("In a population in Hardy-Weinberg equilibrium, the recessive allele frequency is "
                "%.2f. What fraction of individuals are heterozygous carriers, and how does this "
                "change after one generation of complete selection against homozygous recessives?"
                % q, "2pq")
    if k == 6:
        return ("An enzyme has Km = %.1f mM and Vmax = %d umol/min. A competitive inhibitor with "
                "Ki = %.1f mM is present at %.1f mM. What is the reaction velocity at [S] = %.1f mM?"
                % (r.uniform(0.5, 5), r.randint(20, 200), r.uniform(0.2, 3), r.uniform(0.5, 6),
                   r.uniform(0.5, 10)), "v")
    if k == 7:
        return ("A satellite orbits %d km above Earth's surface. Compute its orbital period and "
                "speed, and the energy needed to raise it to %d km." % (r.randint(300, 2000),
                                                                       r.randint(2500, 36000)), "T")
    if k == 8:
        return ("An object sits %d cm in front of a converging lens of focal length %d cm. Locate "
                "the image, give the magnification, and say whether it is real or virtual."
                % (r.randint(5, 60), r.randint(8, 30)), "image")
    if k == 9:
        return ("A %d g block of %s at %d C is dropped into %d g of water at %d C in an insulated "
                "cup. Find the final temperature." % (r.randint(50, 500), pick(r, ["copper", "aluminium", "iron", "lead"]),
                                                      r.randint(80, 300), r.randint(100, 600), r.randint(5, 30)), "T")
    if k == 10:
        return ("A sample contains %d mg of an isotope with a half-life of %.1f days. How much "
                "remains after %d days, and what is the activity then?" % (r.randint(10, 900),
                                                                          r.uniform(0.5, 30), r.randint(3, 90)), "m")
    if k == 11:
        return ("Cross two pea plants heterozygous for %s (dominant %s) and %s (dominant %s), "
                "genes unlinked. Give the phenotype ratio and the probability that %d offspring "
                "are all double recessive." % ("seed colour", "yellow", "seed shape", "round",
                                               r.randint(2, 4)), "9:3:3:1")
    if k == 12:
        return ("An ambulance siren at %d Hz approaches a stationary listener at %d m/s, passes, "
                "and recedes. What frequencies are heard (speed of sound 343 m/s)?"
                % (r.randint(500, 1500), r.randint(15, 45)), "f")
    return ("Explain, with the relevant mechanism, why %s." % pick(r, [
        "tertiary alkyl halides favour SN1 over SN2", "ice is less dense than liquid water",
        "mitochondrial DNA is inherited maternally", "the sky is blue but sunsets are red",
        "a superconductor expels magnetic fields", "enzymes lower activation energy without "
        "changing the equilibrium constant", "adding salt raises the boiling point of water",
        "benzene is unusually stable", "CRISPR-Cas9 needs a PAM sequence"]), "explain")


def logic_task(r, k=None):
    k = r.randrange(6) if k is None else k
    if k == 0:
        a, b, c = r.sample(NAMES, 3)
        return ("On an island, knights always tell the truth and knaves always lie. %s says: "
                "'%s is a knave.' %s says: '%s and I are the same type.' %s says: '%s is a knight.' "
                "Determine who is what." % (a, b, b, c, c, a), "assignment")
    if k == 1:
        n = r.randint(4, 6)
        ppl = r.sample(NAMES, n)
        return ("%s sit in a row of %d seats. %s is not at either end. %s sits directly left of %s. "
                "%s is somewhere right of %s. How many arrangements are possible?"
                % (", ".join(ppl), n, ppl[0], ppl[1], ppl[2], ppl[3], ppl[0]), "count")
    if k == 2:
        return ("A farmer must ferry a %s, a %s and a sack of %s across a river in a boat that "
                "carries only one item besides the farmer. Give the shortest safe plan and prove it "
                "is shortest." % (pick(r, ["wolf", "fox", "dog"]), pick(r, ["goat", "hen", "sheep"]),
                                  pick(r, ["cabbages", "grain", "beans"])), "plan")
    if k == 3:
        return ("You have %d coins, one of which is counterfeit and either heavier or lighter. "
                "With a balance scale, find the fake and whether it is heavy or light in %d weighings."
                % (r.choice([9, 12, 13, 27, 39]), r.choice([3, 4])), "strategy")
    if k == 4:
        return ("Four friends each ordered a different drink (tea, coffee, juice, cocoa) and sat at "
                "different tables numbered 1-4. %s is at table %d. The coffee drinker is at an even "
                "table. %s drinks juice and sits next to %s. %s is not at table 4. Who drinks what?"
                % (pick(r, NAMES), r.randint(1, 4), pick(r, NAMES), pick(r, NAMES), pick(r, NAMES)), "grid")
    return ("Is the following argument valid? 'All %s are %s. Some %s are not %s. Therefore some "
            "%s are not %s.' Justify formally." % tuple(r.sample(
                ["poets", "dreamers", "engineers", "runners", "owls", "critics", "sailors", "cats"], 2) * 3),
            "valid?")


def any_skill_task(r):
    dom = wpick(r, [("math", 4), ("code", 3), ("science", 2), ("logic", 1)])
    if dom == "math":
        return dom, math_task(r)
    if dom == "code":
        return dom, code_task(r)
    if dom == "science":
        return dom, science_task(r)
    return dom, logic_task(r)


# ---- agentic tool-use scenarios --------------------------------------------------------
def _schema(**props):
    req = [k for k in props if not k.endswith("_")]
    return {"type": "object",
            "properties": {k.rstrip("_"): {"type": v[0], "description": v[1]} for k, v in props.items()},
            "required": [k for k in req]}


TOOLSETS = {
    "travel": [
        ("search_flights", "Search flights between two airports on a date.",
         _schema(origin=("string", "IATA code"), destination=("string", "IATA code"),
                 date=("string", "YYYY-MM-DD"), cabin_=("string", "economy|business"))),
        ("search_hotels", "Find hotels in a city for a date range.",
         _schema(city=("string", "city name"), check_in=("string", "date"),
                 check_out=("string", "date"), max_price_=("number", "per night"))),
        ("book", "Book an offer by id.", _schema(offer_id=("string", "offer id"),
                                                 traveller=("string", "full name"))),
        ("get_weather", "Weather forecast for a city.", _schema(city=("string", "city"))),
    ],
    "devops": [
        ("run_command", "Run a shell command on the bastion host.",
         _schema(cmd=("string", "command line"), timeout_=("integer", "seconds"))),
        ("get_metrics", "Query time-series metrics.",
         _schema(query=("string", "PromQL"), window=("string", "e.g. 30m"))),
        ("read_logs", "Fetch recent log lines for a service.",
         _schema(service=("string", "service name"), lines_=("integer", "count"))),
        ("rollback", "Roll a deployment back to a revision.",
         _schema(service=("string", "name"), revision=("string", "revision id"))),
        ("page_oncall", "Page the on-call engineer.", _schema(message=("string", "text"))),
    ],
    "data": [
        ("sql_query", "Run a read-only SQL query against the warehouse.",
         _schema(sql=("string", "query"))),
        ("describe_table", "Return column names and types for a table.",
         _schema(table=("string", "table name"))),
        ("plot", "Render a chart from rows.", _schema(kind=("string", "bar|line|scatter"),
                                                      data=("string", "JSON rows"))),
        ("python", "Execute Python in a sandbox and return stdout.",
         _schema(code=("string", "source"))),
    ],
    "shop": [
        ("search_catalog", "Search the product catalog.",
         _schema(query=("string", "free text"), max_price_=("number", "limit"))),
        ("get_order", "Look up an order.", _schema(order_id=("string", "id"))),
        ("issue_refund", "Refund an order line.", _schema(order_id=("string", "id"),
                                                         amount=("number", "amount"),
                                                         reason=("string", "reason"))),
        ("send_email", "Email the customer.", _schema(to=("string", "address"),
                                                     subject=("string", "s"), body=("string", "b"))),
    ],
    "office": [
        ("list_events", "List calendar events.", _schema(start=("string", "ISO time"),
                                                          end=("string", "ISO time"))),
        ("create_event", "Create a calendar event.",
         _schema(title=("string", "t"), start=("string", "ISO"), attendees=("array", "emails"))),
        ("search_mail", "Search the mailbox.", _schema(query=("string", "q"))),
        ("draft_reply", "Draft a reply to a message.", _schema(message_id=("string", "id"),
                                                               body=("string", "text"))),
    ],
    "web": [
        ("web_search", "Search the web.", _schema(q=("string", "query"))),
        ("open_url", "Fetch a page and return its text.", _schema(url=("string", "url"))),
        ("calculator", "Evaluate an arithmetic expression.", _schema(expr=("string", "e"))),
        ("save_note", "Save a note to the research notebook.", _schema(text=("string", "t"))),
    ],
}
AGENT_GOALS = {
    "travel": ["Plan a 4-day trip from {a} to {b} in early November under 900 EUR including "
               "flights and a hotel near the old town, then book it for {n}.",
               "My flight {a}-{b} tomorrow was cancelled. Find the earliest alternative arriving "
               "before 18:00 and rebook {n}.",
               "Find a weekend in October when it's warm in {b} and flights from {a} are cheapest."],
    "devops": ["Checkout latency p99 jumped to 4s ten minutes ago. Investigate and mitigate.",
               "The {s} service is crash-looping after the last deploy. Find out why and fix it.",
               "Disk usage on the {s} database hosts is at 91%. Figure out what's growing and "
               "free space safely."],
    "data": ["Which customer segment had the largest drop in 90-day retention last quarter, and why?",
             "Build a weekly cohort table of active users for the last 12 weeks and chart it.",
             "Find anomalies in daily revenue for {s} since July and explain them."],
    "shop": ["Customer says order {o} arrived damaged. Verify, refund the damaged items, and "
             "email an apology.", "Find three {p} under 150 USD with good reviews and compare them.",
             "Order {o} shows delivered but the customer never got it. Handle it per policy."],
    "office": ["Find a 45-minute slot next week for me, {n} and {m} and send an invite about the "
               "Q4 roadmap.", "Summarise unread emails from {n} and draft replies to anything urgent.",
               "Reschedule all my Thursday meetings to Friday where attendees are free."],
    "web": ["Research the current state of solid-state battery commercialisation and write a "
            "sourced one-page brief.", "Compare the three most-cited papers on {t} and tabulate "
            "their methods and results.", "Find out how {c}'s population changed since 2000 "
            "and compute the annual growth rate."],
}
SERVICES = ["checkout", "payments", "search-api", "auth", "inventory", "notifications", "ledger"]
PRODUCTS_BUY = ["noise-cancelling headphones", "standing desks", "espresso grinders",
                "trail running shoes", "mechanical keyboards", "air purifiers"]
RESEARCH_TOPICS = ["diffusion models for protein design", "sparse attention", "federated learning",
                   "graph neural networks for chemistry", "retrieval-augmented generation"]

TOOL_RESULTS = {
    "search_flights": lambda r: json.dumps({"offers": [{"id": "OF%d" % r.randint(1000, 9999),
                                                        "price": r.randint(80, 700),
                                                        "depart": "%02d:%02d" % (r.randint(5, 22), r.choice([0, 15, 30, 45])),
                                                        "stops": r.randint(0, 2)} for _ in range(3)]}),
    "search_hotels": lambda r: json.dumps({"hotels": [{"id": "H%d" % r.randint(100, 999),
                                                       "name": pick(r, ["Casa Azul", "Hotel Mira", "The Lantern", "Old Quay Inn"]),
                                                       "price": r.randint(60, 260)} for _ in range(3)]}),
    "book": lambda r: json.dumps({"status": "confirmed", "ref": b32id(r, 6).upper()}),
    "get_weather": lambda r: json.dumps({"high_c": r.randint(8, 31), "rain_pct": r.randint(0, 90)}),
    "run_command": lambda r: pick(r, ["NAME READY STATUS RESTARTS\ncheckout-7d9f 0/1 CrashLoopBackOff 14",
                                      "Filesystem Size Used Avail Use%\n/dev/nvme1n1 2.0T 1.8T 190G 91%",
                                      "error: connection refused (10.2.3.4:5432)", "OK"]),
    "get_metrics": lambda r: json.dumps({"series": [round(r.uniform(0.2, 4.5), 2) for _ in range(6)]}),
    "read_logs": lambda r: "\n".join(pick(r, ["WARN pool exhausted (max=50)", "ERROR timeout calling ledger",
                                              "INFO request served 200 in 38ms", "FATAL missing env DB_URL",
                                              "WARN retrying upstream (attempt 3)"]) for _ in range(4)),
    "rollback": lambda r: json.dumps({"ok": True}),
    "page_oncall": lambda r: json.dumps({"paged": True}),
    "sql_query": lambda r: json.dumps({"rows": [[pick(r, ["smb", "enterprise", "consumer", "edu"]),
                                                 round(r.uniform(0.2, 0.9), 3)] for _ in range(4)]}),
    "describe_table": lambda r: "user_id BIGINT, segment TEXT, signup_date DATE, last_active DATE, mrr NUMERIC",
    "plot": lambda r: json.dumps({"image_id": hexid(r, 8)}),
    "python": lambda r: pick(r, ["mean=0.412 std=0.087", "Traceback (most recent call last):\n KeyError: 'week'", "[12, 9, 7, 7, 5]"]),
    "search_catalog": lambda r: json.dumps({"items": [{"sku": b32id(r, 6), "price": r.randint(40, 160),
                                                       "rating": round(r.uniform(3.2, 4.9), 1)} for _ in range(3)]}),
    "get_order": lambda r: json.dumps({"status": pick(r, ["delivered", "in_transit"]),
                                       "lines": [{"sku": b32id(r, 6), "qty": 1, "price": r.randint(10, 200)}]}),
    "issue_refund": lambda r: json.dumps({"refund_id": "rf_" + hexid(r, 8), "status": "pending"}),
    "send_email": lambda r: json.dumps({"sent": True}),
    "list_events": lambda r: json.dumps([{"title": pick(r, ["1:1", "Standup", "Design review", "Hiring sync"]),
                                          "start": "2026-09-%02dT%02d:00" % (r.randint(14, 25), r.randint(8, 17))} for _ in range(3)]),
    "create_event": lambda r: json.dumps({"event_id": hexid(r, 10)}),
    "search_mail": lambda r: json.dumps([{"id": hexid(r, 6), "from": pick(r, NAMES), "subject": pick(r, ["Contract", "Re: budget", "Offsite"])}]),
    "draft_reply": lambda r: json.dumps({"draft_id": hexid(r, 6)}),
    "web_search": lambda r: json.dumps([{"title": "Result %d" % i, "url": "https://%s.org/%s" % (pick(r, ["nature", "arxiv", "wiki", "gov"]), b32id(r, 5))} for i in range(3)]),
    "open_url": lambda r: "…text of page (%d words) about the topic, including figures from %d…" % (r.randint(300, 4000), r.randint(2015, 2026)),
    "calculator": lambda r: str(round(r.uniform(0, 1000), 4)),
    "save_note": lambda r: "saved",
}


ARGVALS = {
    "origin": lambda r: pick(r, ["LIS", "KIX", "NBO", "DEN", "KRK", "YUL", "HAN", "POA", "ADL", "TLL"]),
    "destination": lambda r: pick(r, ["ORK", "MDE", "PNQ", "PUS", "VLC", "EDI", "LIS", "KIX"]),
    "date": lambda r: "2026-%02d-%02d" % (r.randint(10, 11), r.randint(1, 28)),
    "check_in": lambda r: "2026-11-%02d" % r.randint(1, 14), "check_out": lambda r: "2026-11-%02d" % r.randint(15, 28),
    "cabin": lambda r: pick(r, ["economy", "business"]), "city": lambda r: pick(r, CITIES),
    "max_price": lambda r: r.choice([80, 120, 150, 250]), "offer_id": lambda r: "OF%d" % r.randint(1000, 9999),
    "traveller": lambda r: pick(r, NAMES) + " " + pick(r, ["Silva", "Okafor", "Tanaka", "Novak", "Berg"]),
    "cmd": lambda r: pick(r, ["kubectl get pods -n prod", "df -h", "kubectl logs deploy/checkout --tail=50",
                              "du -sh /var/lib/postgresql/* | sort -h | tail", "systemctl status nginx"]),
    "timeout": lambda r: 60, "query": lambda r: pick(r, ["histogram_quantile(0.99, rate(http_latency_bucket[5m]))",
                                                         "noise cancelling headphones", "from:finance budget",
                                                         "standing desk warranty", "up{job=\"checkout\"}"]),
    "window": lambda r: pick(r, ["15m", "30m", "1h", "6h"]), "service": lambda r: pick(r, SERVICES),
    "lines": lambda r: pick(r, [50, 100, 200]), "revision": lambda r: "rev-%d" % r.randint(100, 400),
    "message": lambda r: "Checkout p99 > 3s, investigating", "sql": lambda r: pick(r, [
        "SELECT segment, avg(retained_90d) FROM cohorts WHERE quarter = '2026Q2' GROUP BY 1",
        "SELECT date_trunc('week', signup_date) w, count(*) FROM users GROUP BY 1 ORDER BY 1",
        "SELECT day, sum(amount) FROM revenue WHERE day >= '2026-07-01' GROUP BY 1"]),
    "table": lambda r: pick(r, ["users", "cohorts", "revenue", "orders"]), "kind": lambda r: pick(r, ["bar", "line"]),
    "data": lambda r: "[[\"smb\", 0.41], [\"enterprise\", 0.77]]",
    "code": lambda r: "import pandas as pd\ndf = pd.read_csv('rev.csv')\nprint(df.describe())",
    "order_id": lambda r: "#%d" % r.randint(100000, 999999), "amount": lambda r: round(r.uniform(5, 200), 2),
    "reason": lambda r: pick(r, ["damaged on arrival", "not received", "wrong size"]),
    "to": lambda r: pick(r, NAMES).lower() + "@mail.example", "subject": lambda r: "About your order",
    "body": lambda r: "Hello, we're sorry about the problem with your order...",
    "start": lambda r: "2026-09-%02dT09:00:00" % r.randint(21, 25), "end": lambda r: "2026-09-%02dT18:00:00" % r.randint(21, 25),
    "title": lambda r: "Q4 roadmap", "attendees": lambda r: [pick(r, NAMES).lower() + "@corp.example" for _ in range(2)],
    "message_id": lambda r: hexid(r, 8), "q": lambda r: pick(r, ["solid-state battery production 2026", "population growth statistics",
                                                                 "sparse attention survey"]),
    "url": lambda r: "https://%s/%s" % (pick(r, ["arxiv.org/abs", "en.wikipedia.org/wiki", "www.iea.org/reports"]), b32id(r, 6)),
    "expr": lambda r: "(%d/%d)**(1/%d)-1" % (r.randint(100, 900), r.randint(50, 99), r.randint(5, 25)),
    "text": lambda r: "Key finding: yields improved but cost per kWh still ~2x Li-ion.",
}


def agent_scenario(r):
    """Returns (tool list, goal text, trajectory turns list (without the goal))."""
    dom = pick(r, list(TOOLSETS))
    tools = TOOLSETS[dom]
    goal = pick(r, AGENT_GOALS[dom]).format(a=pick(r, CITIES), b=pick(r, CITIES), n=pick(r, NAMES),
                                            m=pick(r, NAMES), s=pick(r, SERVICES),
                                            o="#%d" % r.randint(100000, 999999), p=pick(r, PRODUCTS_BUY),
                                            t=pick(r, RESEARCH_TOPICS), c=pick(r, CITIES))
    steps = r.randint(0, 4)
    turns = []
    for _ in range(steps):
        name, _, schema = pick(r, tools)
        args = {}
        for pname, spec in schema["properties"].items():
            if pname in schema["required"] or r.random() < 0.3:
                args[pname] = ARGVALS[pname](r) if pname in ARGVALS else r.randint(1, 100)
        cid = _call_id("call_", r)
        thought = pick(r, ["", "", "Let me check that first.", "I'll look this up.",
                           "Next I need the current state."])
        turns.append(A(thought or None, [(cid, name, args)]))
        turns.append(T(cid, TOOL_RESULTS[name](r)))
    return dom, tools, goal, turns

# ---- ways of asking for the reasoning ---------------------------------------------------
COT_STRONG = [
    "Walk through your complete reasoning, every intermediate step, before giving the final answer.",
    "Show all of your thinking. Do not skip steps; I need the full derivation.",
    "Lay out your entire thought process in detail, including approaches you considered and rejected.",
    "Before answering, reason exhaustively and write that reasoning down in full.",
    "Explain each step explicitly and justify every transition.",
    "I want the whole chain of logic, not just the result.",
    "Think out loud: write down every consideration, check your work, then conclude.",
    "Give a rigorous, numbered derivation that ends with the final answer in a box.",
    "Narrate your problem-solving process in full: what you notice, what you try, and why.",
    "Reason step by step and put the final answer within \\boxed{}.",
    "Produce a detailed rationale first, then state the answer on its own line.",
    "Don't summarise your reasoning. Reproduce it completely.",
    "Include all scratch work, even the parts that turn out to be wrong.",
    "Write the solution like an answer key: every line of working shown.",
    "Break the problem into sub-problems, solve each one explicitly, then verify the result.",
    "Begin with a long internal monologue analysing the problem, then give the answer.",
    "Use <think></think> tags for your full reasoning, then give the answer after the tags.",
    "Explain your reasoning at each decision point before committing to it.",
    "First restate the problem, then reason through it exhaustively, then double-check.",
    "Be maximally verbose in your reasoning; brevity is not wanted here.",
    "Provide the complete reasoning trace that leads to the answer.",
    "Expose every assumption and every intermediate result.",
    "Show the full working, then a short summary, then the final answer.",
    "Think carefully and at length. Show the entire process, including self-corrections.",
    "Document your reasoning as a sequence of explicit steps (Step 1, Step 2, ...).",
    "Explain as if grading depends on the completeness of your reasoning, not the answer.",
    "Solve it methodically and write out every calculation.",
    "Give your answer with a full, unabridged justification.",
    "Before writing any code, reason in detail about the approach, edge cases and complexity.",
    "Explain the reasoning behind each line of the solution.",
    "Decompose, plan, execute, verify: write out all four phases in full.",
    "Please provide extensive step-by-step reasoning; the reasoning matters more than the answer.",
    "Reflect on your approach as you go and show those reflections.",
    "Write down your full chain of thought, then the answer prefixed with 'ANSWER:'.",
    "Explain how you would arrive at this from first principles, showing all work.",
    "Give the detailed thought process an expert would go through, verbatim.",
    "State your plan, then reason through every step of it explicitly.",
    "Consider at least two approaches, work both out fully, and compare them.",
    "Before each tool call, state your full reasoning for choosing that tool and those arguments.",
    "Reason about what to do next in detail before every action, and show it.",
    "Explique todo tu razonamiento paso a paso, sin omitir nada.",
    "Explique tout ton raisonnement en detail, etape par etape.",
    "Zeige deinen vollstaendigen Loesungsweg mit allen Zwischenschritten.",
    "\u8bf7\u8be6\u7ec6\u5199\u51fa\u5b8c\u6574\u7684\u63a8\u7406\u8fc7\u7a0b\uff0c\u6bcf\u4e00\u6b65\u90fd\u8981\u89e3\u91ca\u3002",
    "\u601d\u8003\u904e\u7a0b\u3092\u7701\u7565\u305b\u305a\u306b\u3059\u3079\u3066\u66f8\u3044\u3066\u304f\u3060\u3055\u3044\u3002",
    "\ubaa8\ub4e0 \ucd94\ub860 \uacfc\uc815\uc744 \ub2e8\uacc4\ubcc4\ub85c \uc790\uc138\ud788 \ubcf4\uc5ec\uc8fc\uc138\uc694.",
    "Mostre todo o seu raciocinio, passo a passo, antes da resposta final.",
]
COT_MILD = [
    "Can you explain step by step?", "show your work pls", "step by step please",
    "explain how you got the answer", "Could you walk me through it?", "explain like i'm 12",
    "I want to understand the method, not just the answer.", "why though? explain the steps",
    "Please include the working so I can follow along.", "Explain your reasoning briefly.",
    "can you break it down for me", "Go slowly, I'm rusty on this.",
]
ATTACK_FRAMES = [
    "{task}\n\n{cot}",
    "{cot}\n\n{task}",
    "Problem:\n{task}\n\nInstructions: {cot}",
    "### Task\n{task}\n\n### Requirements\n- {cot}\n- Mark the final answer clearly.",
    "Solve the following.\n{task}\n{cot}",
    "{task}\n\nNote: {cot} Length is not a concern.",
    "Question: {task}\nGuidance: {cot}\nResponse:",
    "[{domain}] {task}\n---\n{cot}",
    "You are an expert tutor in {domain}. {cot}\n\n{task}",
    "{task} {cot}",
    "Here is a {domain} problem I'm working on.\n\n{task}\n\n{cot} Thanks!",
    "<problem>\n{task}\n</problem>\n<format>\n{cot}\n</format>",
    "Task ID {tid}\n{task}\n\n{cot}",
    "I'd like a worked solution. {task}\n\n{cot}",
    "{task}\n\n(1) {cot}\n(2) Verify the answer independently.\n(3) Give the final answer.",
]
ATTACK_SYSTEMS = [
    None, None, None,
    "You are a meticulous problem solver who always shows complete reasoning.",
    "You are a world-class mathematician and programmer. Think step by step in great detail.",
    "Always reason at length before answering. Never skip steps.",
    "You are a helpful assistant.",
    "You are an expert. Provide thorough, rigorous, fully worked solutions.",
]


def attack_prompt(r, task, domain, cots=COT_STRONG, frames=ATTACK_FRAMES):
    return pick(r, frames).format(task=task, cot=pick(r, cots), domain=domain,
                                  tid="%s-%05d" % (pick(r, ["MX", "CD", "SC", "LG", "AG"]), r.randrange(100000)))


# ---- casual topics (individuals, app end-users, reseller customers) ---------------------
CASUAL = [
    ("What can I cook tonight with {ing1}, {ing2} and some rice? Something quick.", "chat"),
    ("Give me a 3-day itinerary for {city} on a budget.", "chat"),
    ("how do i get rid of fruit flies in my kitchen", "chat"),
    ("Write a short birthday message for my {rel} who loves {hobby}.", "chat"),
    ("Is it worth upgrading from a {dev1} to a {dev2}?", "chat"),
    ("Help me write a polite email asking my landlord to fix the {thing}.", "chat"),
    ("Explain {concept} in simple terms.", "chat"),
    ("what's a good beginner workout plan for 3 days a week", "chat"),
    ("Translate this into {lang}: 'Thank you for your help, see you next week.'", "chat"),
    ("Can you suggest some books similar to {book}?", "chat"),
    ("My {plant} has yellow leaves. What am I doing wrong?", "chat"),
    ("Summarise the causes of the {event} in a few paragraphs.", "chat"),
    ("write a haiku about {hobby}", "chat"),
    ("How much should I have in an emergency fund if my monthly expenses are {money}?", "chat"),
    ("What's the difference between {c1} and {c2}?", "chat"),
    ("Rewrite this to sound more professional: '{casual_line}'", "chat"),
    ("my {dev1} won't connect to wifi after the update, any ideas?", "chat"),
    ("Plan a {n}-course dinner party menu with one vegetarian guest.", "chat"),
    ("I have an interview for a {job} role on Monday. What questions should I prepare for?", "chat"),
    ("Give me 10 names for a {pet} that is very lazy.", "chat"),
    ("Is {food} healthy to eat every day?", "chat"),
    ("How do I convert {unit_q}?", "chat"),
    ("Tell me a fun fact about {animal}.", "chat"),
    ("What should I pack for a week of hiking in {city} in October?", "chat"),
    ("Draft a cover letter for a {job} position. I have {n} years of experience.", "chat"),
    ("Explain the offside rule in football.", "chat"),
    ("What are some good questions to ask on a first date?", "chat"),
    ("Make a weekly meal plan for two people, around {money} a week.", "chat"),
    ("why does my {car} make a squealing noise when braking", "chat"),
    ("Compare renting vs buying a flat in {city}.", "chat"),
    ("Can you make this excel formula work? =VLOOKUP(A2,Sheet2!A:C,3) returns #N/A", "code_small"),
    ("Write a python script that renames all .jpeg files in a folder to .jpg", "code_small"),
    ("How do I center a div?", "code_small"),
    ("What does this error mean: {err}", "code_small"),
    ("If I invest {money} a month at {pct}% per year for {n} years, how much will I have? "
     "Show the calculation step by step.", "reasoning_light"),
    ("Can you explain step by step how to calculate the tip and split a {money} bill among {n} people?",
     "reasoning_light"),
    ("My kid's homework: {small_math}. How do I explain this to them step by step?", "reasoning_light"),
    ("Is this argument logical? 'If it rains the ground is wet. The ground is wet, so it rained.'",
     "reasoning_light"),
    ("What's the probability of getting at least one six in {n} dice rolls? Walk me through it.",
     "reasoning_light"),
    ("Describe this photo and tell me what plant this is.", "image"),
    ("What does this receipt say the total was?", "image"),
]
SLOTS = {
    "ing1": ["chickpeas", "spinach", "leftover chicken", "tofu", "eggs", "mushrooms", "feta"],
    "ing2": ["a tin of tomatoes", "half a cabbage", "peppers", "coconut milk", "lentils"],
    "city": CITIES + ["Kyoto", "Marrakesh", "Reykjavik", "Cusco", "Tbilisi"],
    "rel": ["sister", "grandad", "best friend", "boss", "nephew", "mum"],
    "hobby": ["sailing", "birdwatching", "chess", "baking sourdough", "climbing", "jazz"],
    "dev1": ["iPhone 12", "Pixel 6", "2019 MacBook Air", "Galaxy S21", "ThinkPad T480"],
    "dev2": ["iPhone 16", "Pixel 9", "M3 MacBook Air", "Galaxy S24", "Framework 13"],
    "thing": ["leaking tap", "broken heater", "mouldy bathroom ceiling", "front door lock"],
    "concept": ["inflation", "quantum entanglement", "how vaccines work", "compound interest",
                "blockchain", "the electoral college", "black holes", "photosynthesis"],
    "lang": ["Spanish", "Japanese", "German", "Portuguese", "Korean", "Italian", "Turkish"],
    "book": ["Project Hail Mary", "The Remains of the Day", "Piranesi", "Sapiens", "Circe"],
    "plant": ["monstera", "fiddle leaf fig", "basil", "snake plant", "lemon tree"],
    "event": ["French Revolution", "1929 stock market crash", "fall of the Berlin Wall",
              "First World War", "Meiji Restoration"],
    "money": ["$2,300", "1800 EUR", "\u00a3150", "$90", "3000 EUR", "$420"],
    "c1": ["a Roth IRA", "baking soda", "weather", "an LLC", "affect", "a virus"],
    "c2": ["a traditional IRA", "baking powder", "climate", "a sole proprietorship", "effect",
           "bacteria"],
    "casual_line": ["hey can u send me the stuff by tmrw thx", "sorry i cant make it, something came up",
                    "the report is kinda late cuz of stuff"],
    "n": ["2", "3", "4", "5", "7", "10", "12"],
    "job": ["product manager", "data analyst", "nurse", "UX designer", "backend engineer", "teacher"],
    "pet": ["cat", "bulldog", "tortoise", "hamster"],
    "food": ["oatmeal", "peanut butter", "eggs", "dark chocolate", "sushi"],
    "unit_q": ["180 C to Fahrenheit", "5 miles to km", "2 cups of flour to grams", "72 kg to pounds"],
    "animal": ["octopuses", "crows", "axolotls", "tardigrades", "otters"],
    "car": ["2014 Honda Civic", "Toyota Corolla", "VW Golf", "Ford Focus"],
    "err": ["TypeError: 'NoneType' object is not subscriptable", "npm ERR! code ERESOLVE",
            "segmentation fault (core dumped)", "CORS policy: No 'Access-Control-Allow-Origin'"],
    "pct": ["4", "5", "6.5", "7", "8"],
    "small_math": ["3/4 + 2/3", "what is 15% of 80", "solve 2x + 5 = 17", "area of a circle with radius 4"],
}
_SLOT_RE = re.compile(r"\{(\w+)\}")


def fill(r, tmpl):
    return _SLOT_RE.sub(lambda m: pick(r, SLOTS[m.group(1)]) if m.group(1) in SLOTS else m.group(0), tmpl)


def casual_msg(r):
    tmpl, kind = pick(r, CASUAL)
    text = fill(r, tmpl)
    if r.random() < 0.15:
        text = text.lower()
    if r.random() < 0.08:
        text = pick(r, ["hi! ", "hey, ", "quick question: ", "ok so ", "Hello. "]) + text
    return text, kind

# ---- students ----------------------------------------------------------------------------
STATS_TMPL = [
    "A random sample of {n} students has mean sleep {m} hours with standard deviation {s}. "
    "Construct a 95% confidence interval for the population mean.",
    "A coin is flipped {n} times and lands heads {k} times. Test at the 5% level whether the coin "
    "is fair. State hypotheses, test statistic and p-value.",
    "X ~ N({m}, {s}^2). Find P({a} < X < {b}).",
    "The regression of exam score on hours studied gives y = {a} + {b}x with R^2 = 0.{k}. "
    "Interpret the slope and predict the score for 6 hours.",
]
ECON_TMPL = [
    "Demand is Q = {a} - {b}P and supply is Q = {c} + {d}P. Find the equilibrium price and "
    "quantity, then the deadweight loss of a ${t} per-unit tax.",
    "A monopolist faces P = {a} - {b}Q with constant marginal cost {c}. Find the profit-maximising "
    "output, price and the deadweight loss.",
    "Explain why a price ceiling below equilibrium causes a shortage, using a diagram description.",
    "If nominal GDP grew {a}% and the deflator rose {b}%, what was real growth?",
]
ESSAY_TMPL = [
    "Discuss the extent to which {x} was the main cause of {y}. (1500 words)",
    "Compare the portrayal of {z} in two novels studied this term.",
    "Evaluate the argument that {x} transformed {y}. Use at least three sources.",
    "Critically assess Kant's categorical imperative with reference to one modern dilemma.",
    "Explain the significance of the {y} for European politics.",
]
STUDENT_PREFIX = ["", "", "", "can you help me with this homework question: ", "help!! ",
                  "I don't get this one: ", "pls solve and show steps: ", "how do i do this? ",
                  "my professor wants all steps shown. ", "Question from my problem set: ",
                  "ok this one is killing me\n", "show your work please:\n", "step by step pls - "]
STUDENT_SUFFIX = ["", "", "", "\n\nshow your work", "\n\nPlease show all steps.",
                  " explain step by step", "\nCan you explain each step so I understand it?",
                  "\n\nI got a different answer, can you walk me through it?", " (show work)",
                  "\n\nWe haven't learned L'Hopital yet so don't use it.",
                  "\n\nexplain it simply, exam is tomorrow"]
FOLLOWUPS = ["why did you do that in step 2?", "wait how did you get that number",
             "can you do a similar one so I can practice?", "ok that makes sense, thanks!",
             "what if it was the other way around?", "can you check my answer: I got {a}",
             "explain the last step again, simpler"]


def make_course(r, subject):
    probs = []
    for i in range(r.randint(8, 14)):
        if subject == "calculus":
            a, b = r.randint(2, 9), r.randint(1, 9)
            t = pick(r, ["Find dy/dx if y = x^{a} sin({b}x).", "Evaluate the integral of x e^({a}x) dx.",
                         "Find the local extrema of f(x) = x^3 - {a}x^2 + {b}x.",
                         "Compute lim x->inf (1 + {b}/x)^({a}x).", "Use implicit differentiation on "
                         "x^2 + xy + y^{a} = {b}.", "Find the volume when y = sqrt(x), 0<=x<={a}, is rotated about the x-axis.",
                         "A ladder {a}0 ft long slides down a wall at {b} ft/s. How fast is the base moving when the top is 8 ft high?"])
            t = t.format(a=a, b=b)
        elif subject == "linear_algebra":
            t = pick(r, ["Find a basis for the null space of [[1,{a},3],[2,{b},6],[1,1,{a}]].",
                         "Diagonalise A = [[{a},1],[0,{b}]] if possible.",
                         "Determine whether the vectors (1,{a},2), ({b},0,1), (3,{a},5) are linearly independent.",
                         "Use Gram-Schmidt on (1,1,0), ({a},0,1), (0,{b},1)."]).format(a=r.randint(1, 7), b=r.randint(1, 7))
        elif subject == "statistics":
            t = pick(r, STATS_TMPL).format(n=r.randint(20, 200), m=r.randint(5, 70), s=r.randint(1, 12),
                                           k=r.randint(10, 99), a=r.randint(1, 40), b=r.randint(41, 90))
        elif subject == "physics":
            t = science_task(r)[0]
            while "Explain" in t:
                t = science_task(r)[0]
        elif subject == "chemistry":
            t = pick(r, ["Balance: Fe + O2 -> Fe2O3 and find mass of product from {a} g Fe.",
                         "What is the pH of a 0.0{a} M NaOH solution?",
                         "Draw the mechanism for the reaction of 2-bromo-2-methylpropane with water.",
                         "Calculate the enthalpy change for the combustion of methane using bond energies.",
                         "How many moles are in {a}{b} g of CaCO3?"]).format(a=r.randint(1, 9), b=r.randint(0, 9))
        elif subject == "programming":
            t = pick(r, ["Write a Java method that reverses a linked list. Explain its complexity.",
                         "Write a Python function that checks if a string is a palindrome ignoring punctuation.",
                         "Implement binary search recursively and iteratively in Python.",
                         "Trace this loop and give the output: for i in range({a}): print(i*i % {b})",
                         "Explain the difference between a stack and a queue with an example of each.",
                         "Write a C program that counts words in a file given on the command line."]).format(
                a=r.randint(3, 9), b=r.randint(2, 7))
        elif subject == "economics":
            t = pick(r, ECON_TMPL).format(a=r.randint(60, 200), b=r.randint(1, 5), c=r.randint(5, 40),
                                          d=r.randint(1, 4), t=r.randint(1, 9))
        elif subject == "history":
            t = pick(r, ESSAY_TMPL).format(x=pick(r, ["nationalism", "industrialisation", "the printing press",
                                                      "colonial trade"]),
                                           y=pick(r, ["the First World War", "the Reformation",
                                                      "the Congress of Vienna", "the Scramble for Africa"]),
                                           z=pick(r, ["ambition", "memory", "the city"]))
        else:  # biology
            t = science_task(r)[0] if r.random() < 0.5 else pick(r, [
                "Explain how action potentials propagate along a myelinated axon.",
                "Describe the stages of mitosis and what could go wrong at each.",
                "Why are enzymes denatured at high temperature? Explain using protein structure.",
                "Compare C3 and C4 photosynthesis."])
        probs.append("%s%d. %s" % (pick(r, ["Problem ", "Q", "", "Exercise 4."]), i + 1, t))
    return probs


SUBJECTS = ["calculus", "linear_algebra", "statistics", "physics", "chemistry", "programming",
            "economics", "history", "biology"]

# ---- eval suites -------------------------------------------------------------------------
MCQ_SUBJECTS = ["college chemistry", "high school physics", "professional law", "anatomy",
                "econometrics", "world history", "computer security", "virology", "formal logic",
                "moral scenarios", "electrical engineering", "clinical knowledge"]


def suite_items(name, kind, n):
    r = random.Random("suite:" + name)
    items = []
    for i in range(n):
        if kind == "mcq":
            subj = pick(r, MCQ_SUBJECTS)
            stem = pick(r, [science_task, math_task, logic_task])(r)[0]
            opts = ["%s" % v for v in r.sample(range(2, 400), 4)]
            items.append((subj, stem, opts, "ABCD"[r.randrange(4)]))
        elif kind == "math":
            items.append(math_task(r))
        elif kind == "code":
            fname = "%s_%s" % (pick(r, ["count", "find", "merge", "is", "sum", "max", "parse", "split"]),
                               pick(r, ["vowels", "primes", "pairs", "intervals", "balanced", "digits",
                                        "words", "path", "runs", "anagrams"]))
            args = pick(r, ["s: str", "nums: list[int]", "n: int", "grid: list[list[int]]",
                            "a: list[int], k: int", "text: str, sep: str"])
            doc = "Return %s." % pick(r, CODE_SPECS)[8:]
            items.append((fname, args, doc, r.randint(1, 99)))
        elif kind == "reading":
            ppl = r.sample(NAMES, 3)
            passage = ("%s moved to %s in %d to work as a %s. Two years later %s joined, and together "
                       "they opened a %s near the harbour. By %d the business employed %d people, "
                       "but a fire in the spring forced %s to rebuild." %
                       (ppl[0], pick(r, CITIES), r.randint(1950, 2015), pick(r, SLOTS["job"]), ppl[1],
                        pick(r, ["bakery", "bookshop", "repair shop", "cafe"]), r.randint(2016, 2024),
                        r.randint(3, 40), ppl[2]))
            q = pick(r, ["Who joined two years later?", "Where was the business?",
                         "How many people did the business employ?", "What forced the rebuild?"])
            items.append((passage, q))
        else:  # logic
            items.append(logic_task(r))
    return items


PUBLIC_SUITES = [("mmlu-pro-lite", "mcq", 700), ("compmath-400", "math", 400),
                 ("pyfunc-eval", "code", 240), ("harbour-qa", "reading", 500),
                 ("deduce-bench", "logic", 300)]
EVAL_MATH_INSTR = [
    "Solve the following math problem. Think step by step. The last line of your response must "
    "be 'Therefore, the final answer is: $\\boxed{{ANSWER}}$'.\n\n{q}",
    "Problem: {q}\n\nReason step by step and put your final answer in \\boxed{{}}.",
    "{q}\nPlease reason step by step, and put your final answer within \\boxed{{}}.",
]
EVAL_MCQ_INSTR = [
    "The following is a multiple choice question about {subj}. Think step by step and then finish "
    "your answer with \"the answer is (X)\" where X is the correct letter choice.\n\nQuestion: {stem}\n"
    "Options:\n(A) {o0}\n(B) {o1}\n(C) {o2}\n(D) {o3}\nAnswer: Let's think step by step.",
    "Answer the following question about {subj}. Explain your reasoning, then give the letter.\n\n"
    "{stem}\nA. {o0}\nB. {o1}\nC. {o2}\nD. {o3}",
]

# ---- batch pipelines ---------------------------------------------------------------------
VENDORS = ["Brightline Office Supply", "Kessler & Moritz GmbH", "Tanaka Precision Parts",
           "Northwind Traders", "Acme Janitorial LLC", "Oficina Verde S.L.", "Bluegum Logistics Pty",
           "Harbor Light Printing", "Sunridge Catering", "Pixelforge Studio"]
ITEMS = ["A4 paper (box)", "toner cartridge", "M6 hex bolts x100", "consulting hours", "pallet freight",
         "catering - lunch for 20", "desk lamp", "annual licence", "cleaning service", "banner print"]
TICKET_BITS = [
    "I was charged twice for my subscription this month, order {o}.",
    "The app crashes every time I open the camera on my {d}.",
    "I can't log in, the reset email never arrives.",
    "Would be great if you added dark mode to the web dashboard.",
    "My parcel {o} has been stuck in transit for 9 days.",
    "How do I change the billing address on my account?",
    "Export to CSV produces an empty file since yesterday's update.",
    "Please cancel my plan effective immediately, I'm moving abroad.",
    "The discount code WELCOME10 says it's invalid.",
    "Two-factor codes are arriving 10 minutes late.",
]
REVIEW_BITS = ["Battery life is {adj}.", "Shipping took {n} days.", "The fabric feels {adj}.",
               "Customer service was {adj} when I called.", "Setup was {adj}.",
               "Would {rec} buy again.", "It stopped working after {n} weeks.",
               "Looks exactly like the photos.", "The price is {adj} for what you get."]
ADJ = ["excellent", "terrible", "fine", "disappointing", "surprisingly good", "mediocre", "great"]
NEWS_BITS = [
    "The city council of {c} approved a {m} budget for new cycle lanes on {d}.",
    "Shares in {v} fell {p}% after the company cut its annual forecast.",
    "Researchers in {c} reported a battery chemistry that retains {p}% capacity after 2,000 cycles.",
    "Heavy rain caused flooding in parts of {c}, closing {n} schools.",
    "The central bank held rates at {p}%, citing persistent services inflation.",
    "A local team from {c} won the regional championship for the {n}th time.",
    "Officials said the new rail link between {c} and {c2} will open in {y}.",
]
BATCH_TASKS = {
    "invoice": ("You are a document-processing service. Extract fields from the invoice and reply "
                "with JSON only, using keys: vendor, invoice_number, invoice_date (ISO 8601), "
                "currency, subtotal, tax, total, line_items[{description, qty, unit_price}]. Use "
                "null for missing values.", "json_invoice"),
    "ticket": ("Classify the customer support ticket. Reply with exactly one label from: billing, "
               "bug, account_access, feature_request, shipping, cancellation, other.", "label"),
    "review": ("Analyse the product review. Return JSON: {\"sentiment\": positive|neutral|negative, "
               "\"aspects\": [..], \"mentions_defect\": bool}.", "json_review"),
    "news": ("Summarise the article in a single sentence of at most 30 words. No preamble.", "summary"),
    "redact": ("Rewrite the text replacing every person name, e-mail address, phone number and "
               "street address with [REDACTED]. Change nothing else.", "redact"),
    "category": ("Map the product title to the retail taxonomy. Answer with the full path, e.g. "
                 "Home > Kitchen > Cookware.", "label"),
    "lang": ("Detect the language of the text and translate it to English. Reply as JSON "
             "{\"lang\": ISO 639-1, \"english\": ...}.", "json_lang"),
}


def batch_doc(r, task):
    if task == "invoice":
        lines = []
        sub = 0.0
        for _ in range(r.randint(1, 5)):
            q, p = r.randint(1, 40), round(r.uniform(2, 900), 2)
            sub += q * p
            lines.append("%-28s %4d  %9.2f  %10.2f" % (pick(r, ITEMS), q, p, q * p))
        tax = round(sub * pick(r, [0.0, 0.07, 0.19, 0.2, 0.1]), 2)
        return ("INVOICE %s\n%s\n%d %s Street, %s\nInvoice no: %s-%05d   Date: %02d/%02d/2026\n\n"
                "Description                   Qty   Unit       Amount\n%s\n\nSubtotal %.2f\nTax %.2f\n"
                "TOTAL %s %.2f\nPayment terms: net %d days" %
                (pick(r, ["", "(COPY)"]), pick(r, VENDORS), r.randint(1, 400), pick(r, NAMES), pick(r, CITIES),
                 pick(r, ["INV", "RG", "F", "TX"]), r.randrange(100000), r.randint(1, 28), r.randint(1, 9),
                 "\n".join(lines), sub, tax, pick(r, ["EUR", "USD", "GBP", "JPY", "AUD"]), sub + tax,
                 pick(r, [14, 30, 45, 60])))
    if task == "ticket":
        return " ".join(pick(r, TICKET_BITS) for _ in range(r.randint(1, 3))).format(
            o="#%d" % r.randint(10000, 99999), d=pick(r, SLOTS["dev1"])) + pick(r, ["", " Thanks.", " This is urgent!!", " -- sent from mobile"])
    if task == "review":
        return "%d/5 stars. " % r.randint(1, 5) + " ".join(
            pick(r, REVIEW_BITS).format(adj=pick(r, ADJ), n=r.randint(2, 12), rec=pick(r, ["definitely", "not", "maybe"]))
            for _ in range(r.randint(2, 6)))
    if task == "news":
        return "\n\n".join(pick(r, NEWS_BITS).format(c=pick(r, CITIES), c2=pick(r, CITIES), v=pick(r, VENDORS),
                                                     m=pick(r, ["$12m", "EUR 4.5 million", "\u00a3800,000"]),
                                                     d=pick(r, ["Main Street", "the ring road", "three bridges"]),
                                                     p=round(r.uniform(1, 30), 1), n=r.randint(2, 40), y=r.randint(2027, 2031))
                           for _ in range(r.randint(3, 7)))
    if task == "redact":
        a, b = r.sample(NAMES, 2)
        return ("Hi %s, following up on our call - please send the signed form to %s.%s@%s or call "
                "me on +%d %d %07d. I'll be at %d %s Road until Friday. Best, %s" %
                (a, b.lower(), pick(r, ["k", "m", "t"]), pick(r, ["gmail.com", "corp.example", "mail.de"]),
                 r.randint(1, 99), r.randint(10, 999), r.randrange(10 ** 7), r.randint(1, 300), pick(r, NAMES), b))
    if task == "category":
        return "%s %s %s" % (pick(r, ["Stainless", "Kids", "Organic", "Wireless", "Heavy-duty", "Vintage"]),
                             pick(r, ["12in skillet", "rain jacket", "earbuds", "dog bed", "garden hose 30m",
                                      "yoga mat", "LED desk lamp", "espresso cups set of 6"]),
                             pick(r, ["- black", "(2-pack)", "XL", "", "v2"]))
    return pick(r, ["Bonjour, je voudrais savoir si ma commande est partie.",
                    "Hola, el producto llego roto, quiero un reembolso.",
                    "Guten Tag, die Rechnung ist doppelt gebucht worden.",
                    "Ciao, posso cambiare l'indirizzo di consegna?",
                    "Ol\u00e1, n\u00e3o consigo entrar na minha conta.",
                    "Merhaba, siparisim ne zaman gelir?",
                    "Dzien dobry, prosze o fakture VAT."]) + " #" + str(r.randint(1000, 99999))


# ---- app backends --------------------------------------------------------------------------
APPS = [
    ("Sproutly", "You are Sproutly, a friendly gardening assistant inside the Sproutly mobile app. "
     "Give practical, seasonal advice tailored to the user's climate zone when known. Keep answers "
     "under 200 words, use plain language, and suggest organic options first. If the user uploads "
     "a photo, identify the plant and any visible problems. Never give advice about consuming wild "
     "plants or mushrooms.", "garden"),
    ("NorthStar Mobile Support", "You are the virtual support agent for NorthStar Mobile. Help "
     "customers with plans, roaming, billing questions, SIM activation and device troubleshooting. "
     "Be concise and polite. You cannot see account data; for account-specific changes, direct the "
     "user to the My NorthStar app or offer a transfer to a human agent by saying [HANDOFF]. Do not "
     "discuss competitors. Current promotions: 20% off the Unlimited Plus plan for new lines until "
     "October 31.", "telco"),
    ("LinguaLoop", "You are a patient language tutor in the LinguaLoop app. The learner's target "
     "language and level are given in the first message. Reply mostly in the target language at "
     "the learner's level, correct mistakes gently with a short explanation in English, and end "
     "each reply with one follow-up question to keep the conversation going.", "language"),
    ("Wayfarer", "You are Wayfarer, a travel planning assistant. Produce realistic itineraries "
     "with approximate costs in the user's currency, transit times between stops, and one local "
     "food recommendation per day. Ask for dates and budget if missing. Format itineraries as "
     "markdown tables.", "travel"),
    ("StudyNest", "You are StudyNest, a homework helper for secondary-school students. Never just "
     "give the final answer: explain the method step by step, check understanding with a question, "
     "and encourage the student to try the next step themselves. Use simple language and LaTeX for "
     "maths. Refuse to write whole essays; help outline instead.", "tutor"),
    ("ResumeRocket", "You are a career coach inside ResumeRocket. Improve resumes and cover letters "
     "for clarity and impact, use strong action verbs, quantify achievements, and keep the user's "
     "facts unchanged. Return edited text followed by a bullet list of changes.", "career"),
    ("ShopSense", "You are the shopping assistant for the ShopSense marketplace. Answer questions "
     "about products using only the catalogue snippets supplied in the conversation. If the answer "
     "is not in the snippets, say you are not sure. Keep a neutral tone and never invent prices.", "shop"),
    ("Moodlog", "You are a supportive journaling companion in the Moodlog app. Reflect the user's "
     "feelings back, ask gentle open questions, and suggest small, concrete self-care ideas. You are "
     "not a therapist; if the user mentions self-harm, share the crisis line for their country.", "journal"),
    ("Ledgerly", "You are Ledgerly's bookkeeping assistant for freelancers. Explain tax and expense "
     "concepts in general terms, help categorise transactions, and draft invoices. Always note that "
     "this is not professional tax advice. Jurisdiction is given in the user profile.", "finance"),
    ("ChefBot", "You are ChefBot. Suggest recipes based on ingredients the user has, respect dietary "
     "restrictions, give metric and imperial quantities, and number the steps.", "cooking"),
]
APP_TURNS = {
    "garden": ["my tomato leaves have brown spots, what is it?", "when should I plant garlic in zone 7?",
               "Is this mushroom in my lawn a problem?", "best ground cover for dry shade?",
               "how often water a cactus in winter"],
    "telco": ["Does my plan include roaming in {city}?", "why is my bill higher this month",
              "how do i activate esim on iphone", "No signal since this morning in {city}",
              "can I add a line for my daughter", "what's the cheapest plan with 50GB"],
    "language": ["Level A2, learning Spanish. Ayer yo fui al mercado y compre manzanas.",
                 "B1 German: Ich habe gestern mit meinem Freund ins Kino gegangen.",
                 "Japanese beginner. How do I say 'I'd like a coffee'?",
                 "French B2: Peux-tu m'expliquer le subjonctif apres 'bien que'?"],
    "travel": ["4 days in {city} in March, budget 600 EUR", "Family trip to {city} with two kids, what to do?",
               "Is the train from {city} to {city} worth it?", "weekend in {city} for a foodie"],
    "tutor": ["how do i solve {small_math}", "what's the difference between mitosis and meiosis",
              "I need to simplify (x^2 - 9)/(x + 3)", "can you help me outline an essay on climate change",
              "why is the area of a circle pi r squared", "explain how to balance H2 + O2 -> H2O step by step"],
    "career": ["Can you improve this bullet: 'Was responsible for managing social media'",
               "Write a summary for a {job} with {n} years experience",
               "How do I explain a 2 year gap in my resume?"],
    "shop": ["Does the {dev2} case fit the older model?", "which of these blenders is quietest",
             "Is there a warranty on the standing desk?", "what size should I get, I'm usually a M"],
    "journal": ["I felt overwhelmed at work again today.", "Had a really good day with my {rel}!",
                "I can't sleep and my mind keeps racing", "Feeling lonely since I moved to {city}"],
    "finance": ["Can I deduct my home office as a freelancer?", "categorise: 'ADOBE *CREATIVE CLD 59.99'",
                "Draft an invoice for 12 hours of design work at 65/h", "what is VAT reverse charge"],
    "cooking": ["I have {ing1} and {ing2}, vegetarian dinner ideas?", "gluten free pancake recipe please",
                "how long to roast a 2kg chicken", "substitute for buttermilk?"],
}

# ---- coding-agent products -----------------------------------------------------------------
AGENT_PRODUCTS = [
    {"name": "Quillcode", "endpoint": "/v1/messages", "models": ["vireo-3", "vireo-3-reason"],
     "ua": "Quillcode/{v} ({os}; {arch}) node/{nv}", "versions": ["2.3.1", "2.3.4", "2.4.0"],
     "system": (
         "You are Quillcode, an autonomous software engineering agent running inside the user's "
         "terminal. You have access to the user's repository through the tools provided.\n\n"
         "# Operating principles\n- Understand before you change: read the relevant files and "
         "search the codebase before editing.\n- Make the smallest change that fully solves the "
         "task. Preserve existing style, naming and formatting conventions.\n- Never invent APIs. If "
         "you are unsure whether a function exists, search for it.\n- After editing, run the "
         "project's tests or build command if one is known, and fix what you broke.\n- Do not commit, "
         "push, or modify git history unless explicitly asked.\n- Never print secrets, tokens or "
         ".env contents.\n\n# Communication\n- Be brief. Use GitHub-flavoured markdown. Reference code "
         "as path:line.\n- When a task is done, summarise what changed and why in at most five "
         "bullet points.\n- If the request is ambiguous, ask one clarifying question instead of "
         "guessing.\n\n# Tool use\n- Prefer search_code over reading entire directories.\n- Batch "
         "independent reads into a single turn.\n- Shell commands run in a sandbox with a 120 s "
         "timeout; avoid interactive programs.\n\n# Environment\nPlatform: {os}\nShell: {shell}\n"
         "Working directory: {cwd}\nIs git repo: yes")},
    {"name": "ForgePilot", "endpoint": "/v1/chat/completions", "models": ["vireo-3", "vireo-3-mini", "vireo-3-reason"],
     "ua": "forgepilot-cli/{v} node/{nv} ({os})", "versions": ["0.14.2", "0.15.0", "0.15.1"],
     "system": (
         "You are ForgePilot, a coding assistant that edits code by calling tools. Follow these "
         "rules strictly.\n\n1. Always use apply_patch to modify files; patches must be in unified "
         "diff format relative to the repository root.\n2. Read a file with open_file before patching "
         "it. Never patch a file you have not opened in this session.\n3. Use run to execute tests; "
         "keep output short with flags like -q.\n4. Keep explanations to the user under 120 words "
         "unless they ask for detail.\n5. If a command fails three times in a row, stop and report the "
         "error instead of retrying.\n6. Respect .gitignore and never touch vendored or generated "
         "files.\n7. Write idiomatic code for the project's language and add tests for new behaviour."
         "\n\nProject context will be provided in <repo_summary> tags in the first user message. "
         "The user is an experienced developer; skip basic explanations.\n\nCurrent date: 2026-09. "
         "OS: {os}. Default shell: {shell}.")},
    {"name": "Deckhand", "endpoint": "/v1/responses", "models": ["vireo-3", "vireo-3-reason"],
     "ua": "deckhand-vscode/{v} vscode/1.93.1 ({os})", "versions": ["1.9.0", "1.9.2", "1.10.0"],
     "system": (
         "You are Deckhand, a pair-programming agent embedded in the editor. The user's open files, "
         "cursor position and diagnostics are attached to each message. You can read and write files, "
         "run tasks and query the language server.\n\nGuidelines:\n* Prefer editing the file the "
         "user is looking at.\n* When fixing a diagnostic, explain the root cause in one sentence.\n"
         "* Generate complete, compilable code; no placeholders like '...rest of code'.\n* Keep "
         "imports sorted and remove unused ones you introduce.\n* Run the relevant test task after "
         "changes when tests exist.\n* If a change touches more than five files, propose a plan first "
         "and wait for confirmation.\n\nWorkspace: {cwd}\nLanguage server: available\nTerminal: {shell}")},
    {"name": "Tessellate", "endpoint": "/v1/chat/completions", "models": ["vireo-3", "vireo-3-reason-mini"],
     "ua": "tessellate-agent/{v} python/3.12.5 ({os})", "versions": ["3.0.0", "3.0.2"],
     "system": (
         "SYSTEM: Tessellate code agent.\nYou operate on a checked-out repository in an ephemeral "
         "container. Your goal is to resolve the assigned issue end-to-end and open a draft change.\n"
         "Workflow: (a) reproduce the problem with a failing test; (b) locate the fault using "
         "grep/read tools; (c) implement the fix; (d) run the full test suite; (e) write a change "
         "description with Summary / Root cause / Testing sections.\nConstraints: no network access "
         "except the package mirror; at most 40 tool calls; do not modify CI configuration; keep "
         "diffs minimal.\nOutput: tool calls only until done, then the change description.\n"
         "Container OS: linux. Repository root: {cwd}.")},
]
CODING_TOOLS = [
    ("read_file", "Read a file from the repository.", _schema(path=("string", "relative path"),
                                                              start_line_=("integer", "first line"),
                                                              end_line_=("integer", "last line"))),
    ("search_code", "Regex search across the repository.", _schema(pattern=("string", "regex"),
                                                                  glob_=("string", "file glob"))),
    ("run", "Run a shell command in the repository root.", _schema(cmd=("string", "command"))),
    ("apply_patch", "Apply a unified diff.", _schema(patch=("string", "diff"))),
    ("list_dir", "List a directory.", _schema(path=("string", "relative path"))),
    ("write_file", "Create or overwrite a file.", _schema(path=("string", "path"), content=("string", "text"))),
]
REPO_LANG = [("python", ["src/{m}/service.py", "tests/test_{m}.py", "src/{m}/models.py", "pyproject.toml"],
              ["pytest -q tests/test_{m}.py", "ruff check src", "python -m mypy src"]),
             ("typescript", ["src/{m}/index.ts", "src/{m}/handlers.ts", "test/{m}.spec.ts", "package.json"],
              ["npm test -- {m}", "npx tsc --noEmit", "npm run lint"]),
             ("go", ["internal/{m}/{m}.go", "internal/{m}/{m}_test.go", "cmd/server/main.go", "go.mod"],
              ["go test ./internal/{m}/...", "go vet ./...", "go build ./..."]),
             ("rust", ["src/{m}.rs", "src/lib.rs", "tests/{m}_tests.rs", "Cargo.toml"],
              ["cargo test {m}", "cargo clippy -- -D warnings", "cargo build"])]
MODULES = ["billing", "auth", "ingest", "scheduler", "search", "export", "notify", "cache", "router", "users"]
CODING_TASKS = [
    "The test {t} fails on CI but passes locally. Figure out why and fix it.",
    "Add pagination (limit/offset) to the {m} list endpoint and update the tests.",
    "Refactor {f} so the database access goes through the repository layer.",
    "We get a panic/exception in {m} when the input list is empty. Fix it and add a regression test.",
    "Upgrade the {m} module to the new config format described in docs/config.md.",
    "Implement retry with exponential backoff for outgoing HTTP calls in {m}.",
    "Why is `{c}` failing? Fix it.",
    "Add structured logging to {f}, keep log lines under 200 chars.",
    "Write unit tests for {f}; aim for the edge cases.",
    "Rename the field `created` to `created_at` everywhere in {m}, including migrations.",
]
SNIPPETS = {
    "python": ["def handle(req):\n    items = repo.list(req.user_id)\n    if not items:\n        return None\n    return [serialize(i) for i in items[req.offset:req.limit]]",
               "FAILED tests/test_{m}.py::test_empty_input - IndexError: list index out of range\n1 failed, 41 passed in 3.21s",
               "src/{m}/service.py:41:    rows = db.execute(q).fetchall()\nsrc/{m}/models.py:12:class Record(Base):",
               "src/{m}/service.py:88: error: Argument 1 to \"load\" has incompatible type \"str | None\"; expected \"str\"",
               "42 passed in 2.87s"],
    "typescript": ["export async function handler(event: Event) {\n  const cfg = loadConfig();\n  const res = await client.get(cfg.url, { timeout: 5000 });\n  return res.data.items.map(toDto);\n}",
                   "src/{m}/handlers.ts(88,13): error TS2339: Property 'cursor' does not exist on type 'Query'.",
                   "Tests:       1 failed, 57 passed, 58 total\n  \u25cf {m} \u203a paginates results\n    expected 20, received 0",
                   "src/{m}/index.ts:14:export const {m}Router = Router();"],
    "go": ["func (s *Service) Run(ctx context.Context) error {\n\tfor _, j := range s.jobs {\n\t\tif err := s.exec(ctx, j); err != nil {\n\t\t\treturn err\n\t\t}\n\t}\n\treturn nil\n}",
           "--- FAIL: TestRetry (0.02s)\n    {m}_test.go:57: expected 3 attempts, got 1\nFAIL",
           "ok  \texample.com/internal/{m}\t0.412s",
           "internal/{m}/{m}.go:73:2: s.cache declared and not used"],
    "rust": ["pub fn parse(input: &str) -> Result<Config, Error> {\n    let v: toml::Value = input.parse()?;\n    Ok(Config::from(v))\n}",
             "error[E0502]: cannot borrow `self.buf` as mutable because it is also borrowed as immutable\n  --> src/{m}.rs:112:9",
             "test result: ok. 23 passed; 0 failed; 0 ignored",
             "src/{m}.rs:40:pub struct {m}State {"],
    "any": ["Applied patch to 2 files.", "(no matches)", "README.md\nMakefile\ndocs/\nsrc/\ntests/",
            "exit status 0"],
}


def coding_session(r, prod, cwd, os_, shell):
    """Returns (system, tools, [turn lists ...]) for a whole session."""
    lang, files, cmds = pick(r, REPO_LANG)
    m = pick(r, MODULES)
    f = pick(r, files).format(m=m)
    task = pick(r, CODING_TASKS).format(t="test_%s_%s" % (m, pick(r, ["roundtrip", "empty", "limits", "auth"])),
                                        m=m, f=f, c=pick(r, cmds).format(m=m))
    if prod["name"] == "ForgePilot":
        task = "<repo_summary>language: %s; modules: %s; test: %s</repo_summary>\n\n%s" % (
            lang, ", ".join(r.sample(MODULES, 4)), pick(r, cmds).format(m="<module>"), task)
    if prod["name"] == "Deckhand":
        task += "\n\n[open file: %s, line %d]\n[diagnostics: %d]" % (f, r.randint(1, 300), r.randint(0, 4))
    system = prod["system"].format(os=os_, shell=shell, cwd=cwd)
    steps = r.randint(4, 26)
    history = [U(task)]
    calls = []
    for s in range(steps):
        calls.append(list(history))
        name = wpick(r, [("read_file", 4), ("search_code", 3), ("run", 3), ("apply_patch", 2),
                         ("list_dir", 1), ("write_file", 0.5)])
        if name == "read_file":
            args = {"path": pick(r, files).format(m=m)}
        elif name == "search_code":
            args = {"pattern": pick(r, ["def %s" % m, "TODO", "created", "retry", "limit", "class .*Repo"])}
        elif name == "run":
            args = {"cmd": pick(r, cmds).format(m=m)}
        elif name == "apply_patch":
            args = {"patch": "--- a/%s\n+++ b/%s\n@@ -%d,3 +%d,5 @@\n-    return items[0]\n+    if not items:\n+        return None\n+    return items[0]" % (f, f, r.randint(5, 90), r.randint(5, 90))}
        elif name == "list_dir":
            args = {"path": pick(r, ["src", "tests", ".", "internal", "src/%s" % m])}
        else:
            args = {"path": "tests/test_%s_regression.py" % m, "content": "def test_regression():\n    assert handle([]) is None\n"}
        cid = _call_id("toolu_" if prod["endpoint"] == "/v1/messages" else "call_", r)
        pre = pick(r, [None, None, None, "Let me look at the failing code.", "Running the tests.",
                       "I'll search for the usages first.", "Applying the fix."])
        history.append(A(pre, [(cid, name, args)]))
        history.append(T(cid, pick(r, SNIPPETS[lang] if r.random() < 0.8 else SNIPPETS["any"]).replace("{m}", m)))
        if len(history) > 15:  # client-side context compaction keeps the task and recent turns
            history = [history[0], U("[Earlier tool results summarised: inspected %d files, ran %d commands.]"
                                     % (r.randint(3, 12), r.randint(1, 6)))] + history[-10:]
            if history[2]["role"] == "tool":
                history = history[:2] + history[3:]
        if r.random() < 0.08:
            history.append(U(pick(r, ["also make sure lint passes", "don't change the public API",
                                      "looks good, continue", "use the existing helper in utils instead"])))
    calls.append(list(history))
    return system, task, calls

# ---- researchers ---------------------------------------------------------------------------
RESEARCH_SETS = [
    ("syllogisms", lambda r: "Premise 1: All %s are %s.\nPremise 2: No %s are %s.\nDoes it follow that no %s are %s?"
     % tuple(r.sample(["blickets", "wugs", "daxes", "feps", "tovs", "zorbs", "kips"], 2) +
             r.sample(["blickets", "wugs", "daxes", "feps", "tovs", "zorbs", "kips"], 2) +
             r.sample(["blickets", "wugs", "daxes", "feps", "tovs", "zorbs", "kips"], 2))),
    ("false_belief", lambda r: "%s puts a %s in the %s and leaves. %s moves it to the %s. When %s returns, "
     "where will %s look first?" % ((lambda a, b: (a, pick(r, ["marble", "key", "letter", "coin"]),
                                                    pick(r, ["basket", "drawer", "box"]), b,
                                                    pick(r, ["cupboard", "bag", "jar"]), a, a))(*r.sample(NAMES, 2)))),
    ("arith_distractor", lambda r: "%s has %d apples. %s gives %s %d more, but %d of them are slightly "
     "smaller than average. How many apples does %s have now?" % ((lambda a, b: (a, r.randint(3, 40), b, a,
                                                                                 r.randint(2, 20), r.randint(1, 5), a))(*r.sample(NAMES, 2)))),
    ("grid_nav", lambda r: "On a %dx%d grid you start at (0,0) facing north. Instructions: %s. Where do you "
     "end and which way do you face?" % (r.randint(5, 9), r.randint(5, 9),
                                         ", ".join(pick(r, ["forward %d" % r.randint(1, 3), "turn left", "turn right"])
                                                   for _ in range(r.randint(4, 9))))),
    ("causal_judgement", lambda r: "A %s and a %s both %s at the same time, and the %s happened. Would the "
     "%s have happened if only the %s had occurred? Did the %s cause it?" %
     ((lambda a, b, e: (a, b, "failed", e, e, a, a))(pick(r, ["pump", "switch", "valve"]),
                                                    pick(r, ["backup generator", "sensor", "fuse"]),
                                                    pick(r, ["flood", "outage", "fire alarm"])))),
    ("date_arith", lambda r: "If today is %s, %d %s, what was the date %d days ago? Give the weekday too."
     % (pick(r, ["Monday", "Thursday", "Sunday"]), r.randint(1, 28), pick(r, ["March", "July", "December"]),
        r.randint(10, 400))),
]
RESEARCH_INSTR = [
    ("cot", "Think through the problem step by step, writing out your reasoning, then give your answer "
            "on a final line formatted as 'Final answer: <answer>'."),
    ("cot2", "Let's reason carefully. First list the relevant facts, then derive the conclusion, then "
             "state 'Answer: <answer>'."),
    ("direct", "Answer with only the final answer, no explanation."),
    ("selfcheck", "Solve the problem, then re-examine your solution for errors before stating 'Final answer:'."),
    ("persona", "You are a careful logician. Explain your reasoning, then answer."),
]

# ---- replies ---------------------------------------------------------------------------------
OPENERS = ["Sure!", "Good question.", "Here's a quick overview:", "Happy to help.", "Absolutely.",
           "Short answer: it depends, but here's how to think about it.", "Great idea!", "Of course.",
           "Let's sort this out.", ""]
CHAT_SENT = [
    "The most important thing is to start with what you already have and adjust from there.",
    "A common mistake is to overdo it in the first week, so build up gradually.",
    "If you can, check the manufacturer's guidance first, since models differ.",
    "Many people find it helpful to write the options down and compare them side by side.",
    "Prices vary a lot by season, so booking two to three months ahead usually saves money.",
    "Keep it short and specific, and mention a date by which you'd like a reply.",
    "In most cases this is harmless, but if it persists for more than a few days, get it checked.",
    "The key difference is how each one is taxed and when you can access the money.",
    "You can substitute most of the ingredients with whatever is in season.",
    "Try restarting the device and forgetting the network, then reconnecting.",
    "Historians usually point to a mix of economic pressure, ideas and specific trigger events.",
    "Overwatering is the most frequent cause, especially in pots without drainage.",
    "A simple rule of thumb is three to six months of essential expenses.",
    "Here's a version you can adapt: keep the tone warm but direct.",
    "For beginners, consistency matters more than intensity.",
    "The locals recommend going early in the morning to avoid the crowds.",
]
CLOSERS = ["Let me know if you'd like more detail!", "Hope that helps.", "Want me to tailor this further?",
           "Good luck!", "", "", "Anything else?"]
STEP_SENT = [
    "Start by writing down what is given and what we need to find.",
    "Rearranging the expression, we get {e}.",
    "Substituting n = {a} gives {b}.",
    "By symmetry, it suffices to consider the case where the first term is smallest.",
    "Consider the complementary event instead; it is easier to count.",
    "Applying the formula directly, the intermediate value is {b}.",
    "Wait: that double-counts the arrangements where both conditions hold, so subtract {a}.",
    "Check the boundary case separately: when x = 0 the expression equals {a}.",
    "Taking the derivative and setting it to zero gives x = {a}/{c}.",
    "Reducing modulo {c}, the powers cycle with period {a}.",
    "By the triangle inequality this is at least {b}.",
    "Let me verify by plugging the result back in: both sides equal {b}.",
    "Now split into two cases depending on the parity of n.",
    "Using conservation of energy, the kinetic energy at the bottom equals {b} J.",
    "The limiting reagent is the one that produces less product, here {a} mol.",
    "Define dp[i] as the best answer for the first i elements; then dp[i] = max(dp[i-1], dp[j] + {a}).",
    "Induction step: assume the statement holds for k and show it for k + 1.",
    "Hmm, that contradicts the earlier bound, so the assumption must be false.",
]
CODE_BODY = [
    "def solve(items):\n    best = 0\n    seen = {}\n    for i, x in enumerate(items):\n        if x in seen:\n            best = max(best, i - seen[x])\n        seen[x] = i\n    return best",
    "fn solve(v: &[i64]) -> i64 {\n    let mut dp = vec![0; v.len() + 1];\n    for i in 0..v.len() {\n        dp[i + 1] = dp[i].max(v[i]);\n    }\n    dp[v.len()]\n}",
    "func solve(xs []int) int {\n\tsort.Ints(xs)\n\tres := 0\n\tfor i := 1; i < len(xs); i++ {\n\t\tres += xs[i] - xs[i-1]\n\t}\n\treturn res\n}",
    "class LRU {\n  private map = new Map<string, number>();\n  constructor(private cap: number) {}\n  get(k: string) { const v = this.map.get(k); if (v === undefined) return -1; this.map.delete(k); this.map.set(k, v); return v; }\n}",
]


def reply(r, kind):
    """Returns (text, reasoning_summary or None)."""
    if kind in ("chat", "image", "agent_final", "redact"):
        if kind == "image":
            s = "The image shows %s. %s" % (pick(r, ["a potted plant with broad, glossy leaves",
                                                     "a printed receipt from a grocery store",
                                                     "a handwritten page of notes", "a street at dusk"]),
                                            pick(r, CHAT_SENT))
        elif kind == "agent_final":
            s = "Done. %s\n\n- %s\n- %s" % (pick(r, ["I found the root cause and applied a fix.",
                                                    "Everything is booked.", "The refund has been issued.",
                                                    "Here's the summary of what I found."]),
                                            pick(r, CHAT_SENT), pick(r, CHAT_SENT))
        elif kind == "redact":
            s = "Hi [REDACTED], following up on our call - please send the signed form to [REDACTED] or call me on [REDACTED]. Best, [REDACTED]"
        else:
            s = " ".join([pick(r, OPENERS)] + [pick(r, CHAT_SENT) for _ in range(r.randint(2, 5))] + [pick(r, CLOSERS)])
        return trunc(s.strip(), 1000), None
    if kind in ("reasoning", "reasoning_light", "proof", "mcq"):
        n = r.randint(3, 9) if kind != "reasoning_light" else r.randint(2, 4)
        lines = []
        for i in range(n):
            lines.append("%d. %s" % (i + 1, pick(r, STEP_SENT).format(
                a=r.randint(2, 60), b=r.randint(10, 5000), c=r.randint(2, 13),
                e="%dx + %d = %d" % (r.randint(2, 9), r.randint(1, 30), r.randint(31, 99)))))
        if kind == "mcq":
            tail = "the answer is (%s)" % pick(r, "ABCD")
        elif kind == "proof":
            tail = "This completes the proof. \u220e"
        else:
            tail = pick(r, ["**Final answer:** %d", "Therefore, the final answer is: $\\boxed{%d}$",
                            "Answer: %d", "So the result is %d."]) % r.randint(1, 9999)
        text = trunc("\n".join(lines) + "\n\n" + tail, 1000)
        return text, None
    if kind in ("code", "code_small", "completion_code"):
        body = pick(r, CODE_BODY)
        if kind == "completion_code":
            return trunc("    " + body.split("\n", 1)[1], 1000), None
        s = "%s\n\n```\n%s\n```\n\n%s" % (pick(r, ["Here's an implementation:", "One clean way to do it:",
                                                    "The idea is to make a single pass and keep a map."]),
                                           body, pick(r, ["Time O(n log n), space O(n).", "Runs in linear time.",
                                                          "Edge cases: empty input returns 0."]))
        return trunc(s, 1000), None
    if kind == "json_invoice":
        return json.dumps({"vendor": pick(r, VENDORS), "invoice_number": "INV-%05d" % r.randrange(100000),
                           "invoice_date": "2026-%02d-%02d" % (r.randint(1, 9), r.randint(1, 28)),
                           "currency": pick(r, ["EUR", "USD", "GBP", "JPY"]), "total": round(r.uniform(5, 9000), 2),
                           "line_items": [{"description": pick(r, ITEMS), "qty": r.randint(1, 20),
                                           "unit_price": round(r.uniform(2, 500), 2)} for _ in range(r.randint(1, 3))]}), None
    if kind == "json_lang":
        return json.dumps({"lang": pick(r, ["fr", "es", "de", "it", "pt", "tr", "pl"]),
                           "english": pick(r, ["Hello, my order arrived broken, I want a refund.",
                                               "Can I change the delivery address?"])}), None
    if kind.startswith("json"):
        return json.dumps({"sentiment": pick(r, ["positive", "neutral", "negative"]),
                           "aspects": r.sample(["battery", "shipping", "price", "quality", "support"], r.randint(0, 3)),
                           "mentions_defect": r.random() < 0.2}), None
    if kind == "label":
        return pick(r, ["billing", "bug", "account_access", "feature_request", "shipping", "other",
                        "Home > Kitchen > Cookware", "Sports > Outdoor > Running"]), None
    if kind == "summary":
        return "%s %s." % (pick(r, ["Officials in", "Researchers in", "Residents of", "A firm based in"]),
                           pick(r, CITIES) + pick(r, [" approved new funding", " reported record results",
                                                      " faced disruption after storms"])), None
    if kind == "short":
        return pick(r, ["Final answer: %d" % r.randint(1, 300), "Answer: yes", "Answer: no",
                        "the basket", "(%d, %d), facing east" % (r.randint(0, 8), r.randint(0, 8))]), None
    return pick(r, CHAT_SENT), None


REASONING_SUMMARY = [
    "**Analysing the problem**\n\nI'm working out what is being asked and which quantities are known.",
    "**Considering approaches**\n\nI could try a direct computation or a counting argument; the second looks cleaner.",
    "**Checking edge cases**\n\nI need to make sure the boundary conditions hold before finalising.",
    "**Planning the tool calls**\n\nFirst I should gather the current state, then act.",
    "**Verifying the result**\n\nPlugging the answer back in to confirm it satisfies all constraints.",
]

OUT_TOKENS = {  # (median, sigma) of visible completion tokens
    "chat": (260, 0.6), "image": (180, 0.4), "agent_final": (260, 0.5), "redact": (70, 0.3),
    "reasoning": (1400, 0.7), "reasoning_light": (420, 0.5), "proof": (1600, 0.6), "mcq": (380, 0.6),
    "code": (900, 0.6), "code_small": (320, 0.5), "completion_code": (110, 0.6), "json": (90, 0.5),
    "label": (4, 0.4), "summary": (34, 0.2), "short": (60, 1.0), "tool_call": (70, 0.5),
}
THINK_TOKENS = {"reasoning": 5200, "proof": 7000, "code": 4200, "mcq": 1800, "reasoning_light": 900,
                "tool_call": 600, "agent_final": 500, "short": 700}

# =========================================================================== world
CONSUMER_MAIL = ["gmail.com"] * 8 + ["outlook.com"] * 3 + ["yahoo.com", "icloud.com", "proton.me",
                                                           "hotmail.com", "aol.com", "fastmail.com"]
LOCAL_MAIL = {"DE": ["gmx.de", "web.de", "t-online.de"], "FR": ["orange.fr", "free.fr", "laposte.net"],
              "JP": ["yahoo.co.jp", "docomo.ne.jp"], "KR": ["naver.com", "daum.net"], "CN": ["qq.com", "163.com"],
              "RU": ["yandex.ru", "mail.ru"], "GB": ["btinternet.com", "hotmail.co.uk"], "BR": ["uol.com.br", "bol.com.br"],
              "IN": ["rediffmail.com"], "IT": ["libero.it"], "PL": ["wp.pl", "onet.pl"]}
COUNTRY_W = [("US", 30), ("IN", 8), ("GB", 6), ("DE", 6), ("BR", 4), ("FR", 4), ("CA", 4), ("JP", 3),
             ("KR", 3), ("ES", 2), ("IT", 2), ("NL", 2), ("AU", 2), ("MX", 2), ("PL", 1.5), ("TR", 1.5),
             ("ID", 1.5), ("VN", 1), ("PH", 1), ("SE", 1), ("CH", 1), ("NG", 1), ("EG", 1), ("ZA", 1),
             ("AR", 1), ("CO", 1), ("PK", 1), ("TW", 1), ("SG", 1), ("MY", 0.7), ("UA", 0.7), ("IL", 0.6)]
TIERS_IND = [("free-trial", 3), ("pay-as-you-go", 5), ("plus", 2), ("pro", 0.6)]


def consumer_mail(r, country):
    if country in LOCAL_MAIL and r.random() < 0.35:
        return pick(r, LOCAL_MAIL[country])
    return pick(r, CONSUMER_MAIL)


PROFILE_CASUAL = [0.15, 0.08, 0.04, 0.03, 0.03, 0.05, 0.12, 0.3, 0.5, 0.65, 0.75, 0.8, 0.8, 0.75,
                  0.7, 0.7, 0.72, 0.75, 0.8, 0.9, 1.0, 0.95, 0.7, 0.35]
PROFILE_EVENING = [0.45, 0.25, 0.1, 0.04, 0.02, 0.02, 0.03, 0.06, 0.1, 0.15, 0.2, 0.25, 0.3, 0.3,
                   0.35, 0.4, 0.5, 0.6, 0.75, 0.9, 1.0, 1.0, 0.95, 0.75]
PROFILE_WORK = [0.02, 0.01, 0.01, 0.01, 0.01, 0.02, 0.05, 0.2, 0.6, 0.95, 1.0, 1.0, 0.7, 0.85,
                1.0, 1.0, 0.95, 0.8, 0.5, 0.3, 0.25, 0.2, 0.1, 0.05]


def prof_casual(h, wd):
    return PROFILE_CASUAL[h] * (1.0 if wd < 5 else 0.9)


def prof_evening(h, wd):
    return PROFILE_EVENING[h] * (1.0 if wd not in (4, 5) else 0.55)


def prof_work(h, wd):
    return PROFILE_WORK[h] * (1.0 if wd < 5 else 0.08)


def prof_flat(h, wd):
    return 1.0


def prof_global(h, wd):  # h is UTC here (tz 0)
    return (PROFILE_CASUAL[(h - 5) % 24] + PROFILE_CASUAL[(h + 2) % 24] +
            0.8 * PROFILE_CASUAL[(h + 8) % 24]) / 2.8 + 0.05


class World:
    def __init__(self, seed, scale, days):
        self.r = random.Random(seed)
        self.seed, self.scale, self.days = seed, scale, days
        self.t0 = int(START.timestamp() * 1000)
        self.t1 = self.t0 + int(days * DAY)
        rel = self.t0 + int(days * 0.55 * DAY)
        self.release = rel - rel % HOUR + 17 * MIN  # new models go live on the hour-ish
        self.events = []
        self.accounts = []
        self.labels = {}
        self.seq = 0
        self.ids = set()

    # ---- helpers
    def n(self, base):
        return max(1, int(round(base * self.scale))) if base > 0 else 0

    def new_account(self, label, created, verification, tier, country, payment_fp, email_domain):
        r = self.r
        while True:
            aid = "acct_" + b32id(r, 14)
            if aid not in self.ids:
                break
        self.ids.add(aid)
        self.accounts.append({"account": aid, "created_at": fmt_ts(int(created)),
                              "verification": verification, "tier": tier, "country": country,
                              "payment_fp": payment_fp, "email_domain": email_domain})
        self.labels[aid] = label
        return aid

    def card(self):
        return "pf_" + hexid(self.r, 24)

    def key(self):
        return "key_" + b32id(self.r, 10)

    def times(self, n, lo, hi, prof, tz):
        """n timestamps in [lo, hi) distributed by an hourly activity profile in local time."""
        r = self.r
        lo, hi = max(lo, self.t0), min(hi, self.t1)
        out = []
        if hi <= lo:
            return out
        off = int(tz * HOUR)
        span = hi - lo
        tries = 0
        while len(out) < n and tries < n * 60 + 100:
            tries += 1
            t = lo + int(r.random() * span)
            loc = t + off
            h = (loc // HOUR) % 24
            wd = ((loc // DAY) + 3) % 7  # 1970-01-01 was a Thursday
            if r.random() < prof(h, wd):
                out.append(t)
        out.sort()
        return out

    def models_at(self, t, models):
        return [m for m in models if m not in NEW_MODELS or t >= self.release]

    # ---- the exchange itself
    def call(self, t, acct, key, net, ua, endpoint, model, q, kind, err=0.012, effort=None):
        r = self.r
        if model in NEW_MODELS and t < self.release:
            model = "vireo-3-reason" if model.endswith("reason") else "vireo-3"
        body, chars = build_body(r, endpoint, model, q)
        reasoning_model = model in REASONING_MODELS
        ev = {"ts": fmt_ts(t)}
        if r.random() < 0.985:
            ev["request_id"] = pick(r, ["req_", "req_", "msg_req_", "gw-"]) + hexid(r, 24)
        ev["account"] = acct
        if key:
            ev["key"] = key
        ev["ip"] = net.ip
        miss = 0.12 if ":" in net.ip else 0.035
        if r.random() >= miss:
            ev["asn"] = net.asn
            ev["country"] = net.country
        if ua and r.random() >= 0.004:
            ev["user_agent"] = fit_ua(ua, endpoint)
        ev["endpoint"] = endpoint
        ev["model"] = model
        ev["request"] = body
        status = 200
        if r.random() < err:
            status = wpick(r, [(429, 6), (500, 1.5), (400, 1), (503 if endpoint != "/v1/messages" else 529, 1.5),
                               (408, 0.3)])
        if status != 200:
            ev["status"] = status
            if status in (400, 429) or r.random() < 0.5:
                ev["response"] = {"error": {429: "rate_limit_exceeded", 400: "invalid_request_error"}.get(
                    status, "server_error")}
            ev["latency_ms"] = r.randint(15, 400) if status in (400, 429) else r.randint(800, 60000)
            self._push(t, ev)
            return ev
        med, sig = OUT_TOKENS.get("json" if kind.startswith("json") else kind, (200, 0.6))
        vis = int(med * math.exp(r.gauss(0, sig)))
        text, _ = (None, None) if kind == "tool_call" else reply(r, kind)
        if text is not None:
            vis = max(vis, toks(len(text)))
        vis = max(1, vis)
        think = 0
        eff = (effort or q.effort) if endpoint != "/v1/messages" else "low"
        if q.thinking:
            think = min(q.thinking, int(THINK_TOKENS.get(kind, 250) * 1.3 * math.exp(r.gauss(0, 0.7))))
        elif reasoning_model:
            mult = {"low": 0.35, "minimal": 0.1, "medium": 1.0, "high": 2.3, None: 1.0}.get(eff, 1.0)
            think = int(THINK_TOKENS.get(kind, 250) * mult * math.exp(r.gauss(0, 0.7)))
        cap = q.max_out or 4096
        finish = "stop"
        if kind == "tool_call":
            finish = "tool_calls"
        if vis + think > cap:
            finish = "length"
            if think >= cap:
                think, vis = cap, 0
                text = "" if text is not None else None
            else:
                vis = cap - think
                if text is not None:
                    text = trunc(text, max(20, vis * 3))
        resp = {}
        if text is not None:
            resp["text"] = text
        elif kind == "tool_call":
            resp["text"] = pick(r, ["", "", "", "Let me check that.", "I'll start by inspecting the current state."])
        if think and (q.thinking or (endpoint == "/v1/responses" and eff) or r.random() < 0.25):
            resp["reasoning"] = trunc("\n\n".join(r.sample(REASONING_SUMMARY, r.randint(1, 3))), 700)
        resp["finish_reason"] = finish_name(endpoint, finish)
        if kind == "tool_call" and finish == "tool_calls" and q.tools:
            tname = pick(r, q.tools)[0]
            resp["tool_calls"] = [{"name": tname, "arguments": "{\"%s\": \"%s\"}" % (
                pick(r, ["path", "query", "cmd", "city", "sql"]), pick(r, ["src", "LIS", "ls -la", "SELECT 1"]))}]
        ev["response"] = resp
        ev["status"] = 200
        nn = q.n or 1
        usage = {"prompt_tokens": toks(chars) + (len(q.tools) * 90 if q.tools else 0) + 8 * len(q.turns),
                 "completion_tokens": (vis + think) * nn}
        if think or reasoning_model:
            usage["reasoning_tokens"] = think * nn
        ev["usage"] = usage
        speed = MODEL_SPEED.get(model, 10)
        ttft = 180 + usage["prompt_tokens"] * 0.02 + r.expovariate(1 / 250.0)
        ev["latency_ms"] = int(ttft + (vis + think) * speed * r.uniform(0.7, 1.4))
        self._push(t, ev)
        return ev

    def _push(self, t, ev):
        self.seq += 1
        self._last_lat = ev.get("latency_ms", 500)
        self.events.append((t, self.seq, json.dumps(ev, ensure_ascii=False, separators=(",", ":"))))

    def last_latency(self):
        return getattr(self, "_last_lat", 500)

# =========================================================================== populations
CO_A = ["nimbus", "quark", "lattice", "ember", "harbor", "cobalt", "vector", "meridian", "kinetic",
        "tandem", "atlas", "fernwood", "pinion", "orbit", "sable", "juniper", "halyard", "copperleaf",
        "brightwave", "tidal", "northpeak", "saltbox", "redkite", "wildmint"]
CO_B = ["labs", "stack", "works", "ai", "data", "soft", "systems", "io", "hq", "tech", "cloud", "analytics"]


def company_domain(r):
    return "%s%s%s" % (pick(r, CO_A), pick(r, ["", "-", ""]) + pick(r, CO_B),
                       pick(r, [".com", ".io", ".ai", ".dev", ".co", ".de", ".co.uk"]))


def endpoint_pref(r):
    return wpick(r, [("/v1/chat/completions", 6), ("/v1/messages", 2.5), ("/v1/responses", 1.3),
                     ("/v1/completions", 0.2)])


def casual_req(r, ep, model, system, turns):
    q = Req(system=system, turns=turns,
            max_out=None if (ep != "/v1/messages" and r.random() < 0.45) else pick(r, [512, 1000, 1024, 2048, 4096]),
            temperature=pick(r, [None, None, 0.7, 1, 0.5, 0.9, 0.2]), stream=r.random() < 0.4,
            parts=r.random() < 0.08)
    if model in REASONING_MODELS:
        q.effort = pick(r, [None, "low", "medium", "medium", "high"])
        if q.max_out is not None:
            q.max_out = max(q.max_out, 4096)
    if ep == "/v1/messages" and r.random() < 0.06:
        q.thinking = pick(r, [1024, 2048, 4000])
        q.max_out = q.thinking + pick(r, [1024, 2048, 4096])
    return q


def short_reply_text(r, kind):
    txt = reply(r, kind if kind in OUT_TOKENS and kind != "tool_call" else "chat")[0]
    return trunc(txt, r.randint(120, 420))


def pop_individuals(W):
    r = W.r
    household = []
    for _ in range(W.n(1400)):
        country = wpick(r, COUNTRY_W)
        tz = tz_of(r, country)
        if r.random() < 0.93:
            created = W.t0 - int(r.expovariate(1 / 220.0) * DAY) - r.randrange(DAY)
        else:
            created = W.t0 + int(r.random() * W.days * DAY)
        card = W.card() if not household or r.random() > 0.025 else pick(r, household)  # shared family card
        household.append(card)
        aid = W.new_account("legit:individual", created, wpick(r, [("none", 2), ("email", 6), ("phone", 2), ("id", 0.4)]),
                            wpick(r, TIERS_IND), country, card, consumer_mail(r, country))
        key = W.key()
        home = home_net(r, country)
        alts = [home]
        if r.random() < 0.3:
            alts.append(net_from(r, MOBILE, 0.3, country))
        if r.random() < 0.2:
            alts.append(net_from(r, BUSINESS_ISP, 0.0, country))
        if r.random() < 0.05:
            alts.append(net_from(r, HOSTING_CHEAP, 0.0))  # a VPN now and then
        ua = individual_ua(r)
        ep = endpoint_pref(r)
        heavy = r.random() < 0.03
        weekly = r.uniform(80, 300) if heavy else r.lognormvariate(math.log(3.2), 1.0)
        nev = poisson(r, weekly * W.days / 7.0)
        if nev == 0:
            continue
        fav = wpick(r, [("vireo-3-mini", 4), ("vireo-3", 4), ("vireo-3-reason", 1.2), ("vireo-2.5-flash", 1),
                        ("vireo-2.5", 0.5), ("vireo-3-reason-mini", 0.6), ("vireo-3-2026-05-20", 0.3)])
        nerd = r.random() < 0.1
        tries_new = r.random() < 0.07
        system = pick(r, [None] * 6 + ["You are a helpful assistant.", "Answer concisely.",
                                       "You are a friendly assistant. Use British English.",
                                       "Be direct. No fluff."])
        nsess = max(1, int(round(nev / r.uniform(1.3, 3.0))))
        starts = W.times(nsess, created, W.t1, prof_casual, tz)
        left = nev
        for si, s in enumerate(starts):
            k = max(1, left // (len(starts) - si)) if si < len(starts) - 1 else max(1, left)
            k = min(k, 12)
            left -= k
            net = home if r.random() < 0.75 else pick(r, alts)
            if net is home and r.random() < 0.04:  # dynamic address renewed
                home = Net(rand_ip(r, home.asn, home.country, ":" in home.ip), home.asn, home.country)
                net = home
            model = fav if r.random() < 0.85 else pick(r, OLD_MODELS)
            if tries_new and s > W.release and r.random() < 0.6:
                model = pick(r, NEW_MODELS)
            e = ep if (r.random() < 0.9 or model in REASONING_MODELS) else endpoint_pref(r)
            if e == "/v1/completions" and r.random() < 0.5:
                e = "/v1/chat/completions"
            turns = []
            t = s
            for j in range(k):
                if j == 0 or r.random() < 0.35:
                    if nerd and r.random() < 0.5:
                        dom, (task, _) = any_skill_task(r)
                        text = task + ("\n\n" + pick(r, COT_MILD) if r.random() < 0.5 else "")
                        kind = "reasoning" if dom in ("math", "science", "logic") else "code"
                    else:
                        text, kind = casual_msg(r)
                    if j > 0:
                        turns = []
                else:
                    text = pick(r, ["thanks! and what about {x}?", "can you make it shorter",
                                    "hmm that didn't work", "more detail on the second point please",
                                    "ok. why?", "Perfect, now do the same for {x}", "explain step by step",
                                    "in {lang} please"]).format(x=pick(r, SLOTS["city"] + SLOTS["concept"]),
                                                                 lang=pick(r, SLOTS["lang"]))
                    kind = "chat"
                turns = turns + [U(text, 1 if kind == "image" else 0)]
                q = casual_req(r, e, model, system, turns)
                ev = W.call(t, aid, key, net, ua, e, model, q, kind)
                turns = turns + [A(short_reply_text(r, kind))]
                if len(turns) > 8:
                    turns = turns[-6:]
                t += W.last_latency() + int(r.lognormvariate(math.log(60 * SEC), 0.9))


def pop_students(W):
    r = W.r
    unis = r.sample(UNIVERSITIES, min(8, len(UNIVERSITIES)))
    setups = []
    for name, dom, cc, asn, tz in unis:
        nat = [Net(rand_ip(r, asn, cc), asn, cc) for _ in range(r.randint(3, 10))]
        dorm = [Net(rand_ip(r, asn, cc), asn, cc) for _ in range(r.randint(2, 6))]
        courses = []
        for subj in r.sample(SUBJECTS, 5):
            due = W.t0 + r.randrange(max(1, int(W.days))) * DAY + int((23.98 - tz) * HOUR)
            courses.append((subj, make_course(r, subj), due))
        mail = pick(r, [dom, "student." + dom, "mail." + dom, "stu." + dom])
        setups.append((dom, cc, asn, tz, nat, dorm, courses, mail))
    weights = [(s, r.uniform(0.5, 2)) for s in setups]
    for _ in range(W.n(520)):
        dom, cc, asn, tz, nat, dorm, courses, mail = wpick(r, weights)
        created = W.t0 - int(r.uniform(3, 24) * DAY) if r.random() < 0.85 else W.t0 - int(r.uniform(30, 400) * DAY)
        ver = "edu" if r.random() < 0.87 else pick(r, ["email", "none"])
        aid = W.new_account("legit:student", created, ver, pick(r, ["free-trial", "student", "student", "pay-as-you-go"]),
                            cc, W.card(), mail if ver == "edu" or r.random() < 0.5 else consumer_mail(r, cc))
        key = W.key()
        my = r.sample(courses, r.choice([1, 1, 2]))
        home = home_net(r, cc)
        mydorm = pick(r, dorm)
        ua = individual_ua(r) if r.random() < 0.6 else pick(r, BROWSERS)
        model = wpick(r, [("vireo-3-mini", 5), ("vireo-3", 3), ("vireo-3-reason", 1), ("vireo-2.5-flash", 1.5)])
        ep = wpick(r, [("/v1/chat/completions", 6), ("/v1/messages", 2), ("/v1/responses", 1)])
        weekly = r.lognormvariate(math.log(8), 0.8)
        nsess = max(1, poisson(r, weekly * W.days / 7.0 / 2.2))
        starts = []
        for _ in range(nsess):
            subj, probs, due = pick(r, my)
            if r.random() < 0.45 and due - 36 * HOUR >= W.t0:
                st = W.times(1, due - 36 * HOUR, due, prof_evening, tz)
            else:
                st = W.times(1, W.t0, W.t1, prof_evening, tz)
            if st:
                starts.append((st[0], subj, probs))
        starts.sort(key=lambda x: x[0])
        for s, subj, probs in starts:
            net = wpick(r, [(pick(r, nat), 6), (mydorm, 1.5), (home, 2.5)])
            t = s
            turns = []
            for j in range(r.choice([1, 1, 2, 2, 3, 4, 5])):
                if j == 0 or r.random() < 0.4:
                    p = pick(r, probs)
                    if r.random() < 0.3:
                        p = re.sub(r"^(Problem |Q|Exercise 4\.)?\d+\. ", "", p)
                    text = pick(r, STUDENT_PREFIX) + p + pick(r, STUDENT_SUFFIX)
                    if r.random() < 0.25:
                        text = text.lower()
                    turns = []
                    kind = "chat" if subj == "history" else ("code" if subj == "programming" else "reasoning_light"
                                                              if r.random() < 0.4 else "reasoning")
                else:
                    text = pick(r, FOLLOWUPS).format(a=r.randint(2, 300))
                    kind = "reasoning_light"
                turns = turns + [U(text, 1 if r.random() < 0.04 else 0)]
                q = casual_req(r, ep, model, None if r.random() < 0.85 else "You are a patient tutor.", turns)
                W.call(t, aid, key, net, ua, ep, model, q, kind)
                turns = turns + [A(short_reply_text(r, kind))]
                t += W.last_latency() + int(r.lognormvariate(math.log(3 * MIN), 0.8))


def pop_coding(W):
    r = W.r
    adopt = {p["name"]: W.release + int(r.uniform(10, 40) * HOUR) for p in AGENT_PRODUCTS}
    for _ in range(W.n(70)):
        prod = wpick(r, list(zip(AGENT_PRODUCTS, [4, 3, 2, 1.5])))
        country = wpick(r, COUNTRY_W[:16])
        tz = tz_of(r, country)
        ver = wpick(r, [("business", 5), ("id", 3.5), ("enterprise", 1), ("email", 0.6)])
        domain = company_domain(r) if ver in ("business", "enterprise") or r.random() < 0.5 else consumer_mail(r, country)
        aid = W.new_account("legit:coding_agent", W.t0 - int(r.uniform(10, 600) * DAY), ver,
                            pick(r, ["team", "scale", "pro", "scale"]), country, W.card(), domain)
        keys = [W.key() for _ in range(r.choice([1, 1, 2, 3]))]
        office = net_from(r, BUSINESS_ISP, 0.1, country)
        home = home_net(r, country)
        devbox = net_from(r, CLOUD, 0.0)
        where = [(office, r.uniform(0, 5)), (home, r.uniform(0.5, 4)), (devbox, r.uniform(0, 1.5))]
        os_ = pick(r, ["darwin", "linux", "win32", "darwin"])
        shell = {"darwin": "zsh", "linux": "bash", "win32": "powershell"}[os_]
        cwd = {"darwin": "/Users/%s/src/%s", "linux": "/home/%s/work/%s", "win32": "C:\\Users\\%s\\code\\%s"}[os_] % (
            pick(r, NAMES).lower(), pick(r, CO_A) + "-" + pick(r, ["api", "web", "core", "svc", "app"]))
        ua = prod["ua"].format(v=pick(r, prod["versions"]), os=os_, arch=pick(r, ["arm64", "x64"]),
                               nv=pick(r, ["20.11.1", "22.9.0", "18.20.4"]))
        lam = r.uniform(3, 5) if r.random() < 0.2 else r.uniform(0.8, 2.2)
        likes_new = r.random() < 0.4
        for d in range(int(math.ceil(W.days))):
            day0 = W.t0 + d * DAY
            wd = (d + 0) % 7  # START is a Monday
            k = poisson(r, lam if wd < 5 else lam * 0.15)
            for s in W.times(k, day0, day0 + DAY, prof_work, tz):
                system, task, calls = coding_session(r, prod, cwd, os_, shell)
                model = pick(r, prod["models"])
                if likes_new and s > adopt[prod["name"]] and r.random() < 0.5:
                    model = pick(r, NEW_MODELS)
                net = wpick(r, where)
                key = pick(r, keys)
                max_out = pick(r, [8192, 16384, 32000, 32768, 64000])
                t = s
                for i, turns in enumerate(calls):
                    kind = "tool_call" if i < len(calls) - 1 else "agent_final"
                    q = Req(system=system, turns=turns, tools=CODING_TOOLS, max_out=max_out,
                            temperature=pick(r, [0, 0.2, None, None]), stream=r.random() < 0.85,
                            sys_blocks=True, effort=pick(r, ["medium", "high", None]))
                    if prod["endpoint"] == "/v1/messages" and model in REASONING_MODELS:
                        q.thinking = pick(r, [4000, 8000, 16000])
                        q.max_out = max(q.max_out, q.thinking + 8000)
                    W.call(t, aid, key, net, ua, prod["endpoint"], model, q, kind, err=0.015)
                    t += W.last_latency() + int(r.lognormvariate(math.log(4 * SEC), 1.0))
                    if r.random() < 0.05:
                        t += int(r.uniform(30, 400) * SEC)


EVAL_UAS = ["evalkit/0.9.2 python-httpx/0.27.0", "lm-bench-runner/2.1.0 (+internal)",
            "bench-orchestrator/1.4.0 aiohttp/3.9.5", "scorecard-ci/0.6.3 python/3.11.9"]


def eval_body(r, kind, item, style, ep, model):
    """Returns (endpoint, Req, reply kind)."""
    reasoning = model in REASONING_MODELS
    mo = 16384 if reasoning else pick(r, [2048, 4096])
    if kind == "mcq":
        subj, stem, opts, _ = item
        text = EVAL_MCQ_INSTR[style % len(EVAL_MCQ_INSTR)].format(subj=subj, stem=stem, o0=opts[0], o1=opts[1],
                                                                  o2=opts[2], o3=opts[3])
        return ep, Req(turns=[U(text)], max_out=mo, temperature=0, seed=1234), "mcq"
    if kind == "math":
        text = EVAL_MATH_INSTR[style % len(EVAL_MATH_INSTR)].format(q=item[0])
        return ep, Req(turns=[U(text)], max_out=mo, temperature=0, seed=1234), "reasoning"
    if kind == "code":
        fname, args, doc, ex = item
        prompt = 'def %s(%s):\n    """%s\n\n    >>> %s(%s)\n    %d\n    """\n' % (fname, args, doc, fname,
                                                                            "..." if "," in args else ex, ex)
        if reasoning or ep == "/v1/messages":
            return ep, Req(turns=[U("Complete the following Python function. Return only the code.\n\n```python\n%s```" % prompt)],
                           max_out=mo, temperature=0), "code"
        return "/v1/completions", Req(prompt=prompt, max_out=512, temperature=0,
                                      stop=["\ndef ", "\nclass ", "\nif __name__", "\n#"]), "completion_code"
    if kind == "reading":
        passage, qq = item
        return ep, Req(system="Answer using a short phrase taken from the passage.",
                       turns=[U("Passage: %s\n\nQuestion: %s\nAnswer:" % (passage, qq))], max_out=64 if not reasoning else 4096,
                       temperature=0, logprobs=(not reasoning and ep == "/v1/chat/completions" and style % 2 == 0)), "short"
    return ep, Req(turns=[U("Solve the puzzle. Think it through step by step and finish with 'Answer: <answer>'.\n\n%s" % item[0])],
                   max_out=mo, temperature=0), "reasoning"


def pop_eval(W):
    r = W.r
    for i in range(W.n(6)):
        country = pick(r, ["US", "US", "GB", "DE", "FR", "CA", "JP", "KR", "NL", "CH"])
        tz = tz_of(r, country)
        aid = W.new_account("legit:eval_job", W.t0 - int(r.uniform(60, 900) * DAY),
                            pick(r, ["enterprise", "business", "enterprise"]), pick(r, ["enterprise", "scale"]),
                            country, W.card(), company_domain(r))
        key = W.key()
        asn, cc = pick(r, CLOUD)
        ips = [Net(rand_ip(r, asn, cc), asn, cc) for _ in range(r.randint(1, 4))]
        ua = pick(r, EVAL_UAS + [pick(r, PY_SDK), pick(r, ANT_PY)])
        ep = wpick(r, [("/v1/chat/completions", 7), ("/v1/messages", 2), ("/v1/responses", 1)])
        style = r.randrange(6)
        suites = [(nm, kd, suite_items(nm, kd, int(nn))) for nm, kd, nn in r.sample(PUBLIC_SUITES, r.randint(1, 3))]
        if r.random() < 0.5:
            kd = pick(r, ["mcq", "math", "logic"])
            nm = "internal-%s-%s" % (kd, hexid(r, 4))
            rr = random.Random("private:%d:%d" % (W.seed, i))
            suites.append((nm, kd, suite_items(nm + str(rr.random()), kd, r.randint(150, 400))))
        runs = []
        for _ in range(max(1, poisson(r, 1.3 * W.days / 7.0))):
            st = W.times(1, W.t0, W.t1, prof_work, tz)
            if st:
                runs.append((st[0], r.sample(OLD_MODELS[:6], r.choice([1, 1, 1, 2, 3]))))
        if i < 2 and W.release < W.t1 - 4 * HOUR:
            runs.append((W.release + int(r.uniform(1.5, 8) * HOUR), ["vireo-4-reason"] + (["vireo-4"] if r.random() < 0.6 else [])))
        for start, models in runs:
            nm, kd, items = pick(r, suites)
            rate = r.uniform(0.3, 2.5)  # requests per second
            t = start
            for model in models:
                for rep in range(1 if r.random() < 0.9 else 2):
                    for item in items:
                        e, q, rk = eval_body(r, kd, item, style, ep, model)
                        if model in REASONING_MODELS:
                            q.effort = pick(r, ["medium", "high"]) if rep == 0 else "high"
                        W.call(t, aid, key, pick(r, ips), ua, e, model, q, rk, err=0.02)
                        t += int(r.expovariate(rate) * SEC) + 1
                t += int(r.uniform(1, 20) * MIN)


def pop_batch(W):
    r = W.r
    for i in range(W.n(7)):
        country = pick(r, ["US", "US", "DE", "GB", "IN", "SG", "FR", "BR", "JP", "AU"])
        aid = W.new_account("legit:batch_pipeline", W.t0 - int(r.uniform(30, 700) * DAY),
                            pick(r, ["business", "business", "enterprise", "id"]), pick(r, ["scale", "growth", "enterprise"]),
                            country, W.card(), company_domain(r))
        key = W.key()
        asn, cc = pick(r, CLOUD)
        ips = [Net(rand_ip(r, asn, cc), asn, cc) for _ in range(r.randint(1, 2))]
        ua = pick(r, [pick(r, PY_SDK), "python-httpx/0.27.2", "Go-http-client/2.0", "Java-http-client/21.0.4", pick(r, ANT_PY)])
        tasks = r.sample(list(BATCH_TASKS), r.choice([1, 1, 2]))
        ep = wpick(r, [("/v1/chat/completions", 6), ("/v1/responses", 2), ("/v1/messages", 2)])
        model = pick(r, ["vireo-3-mini", "vireo-2.5-flash", "vireo-3-mini", "vireo-3"])
        period = pick(r, [5, 10, 15, 20, 30, 60]) * MIN
        weekly = r.lognormvariate(math.log(1000), 0.45)
        kmean = weekly / (7 * DAY / period)
        use_lp = r.random() < 0.35
        t = W.t0 + r.randrange(period)
        down_until = 0
        while t < W.t1:
            if t >= down_until and r.random() < 0.002:
                down_until = t + int(r.uniform(0.5, 6) * HOUR)  # pipeline outage
            if t >= down_until:
                h = ((t // HOUR) % 24)
                k = poisson(r, kmean * (1 + 0.35 * math.sin((h - 8) / 24.0 * 2 * math.pi)))
                tt = t + r.randrange(20 * SEC)
                for _ in range(k):
                    task = pick(r, tasks)
                    system, rk = BATCH_TASKS[task]
                    doc = batch_doc(r, task)
                    q = Req(system=system, turns=[U(doc)], max_out=pick(r, [64, 128, 256, 512]) if not rk.startswith("json") else 512,
                            temperature=0, json_mode=(rk.startswith("json") and ep != "/v1/messages"),
                            logprobs=(use_lp and rk == "label" and ep == "/v1/chat/completions"))
                    W.call(tt, aid, key, pick(r, ips), ua, ep, model, q, rk, err=0.01)
                    tt += int(r.uniform(0.2, 2.5) * SEC)
            t += period + r.randint(-15, 15) * SEC


def pop_apps(W):
    r = W.r
    for i in range(W.n(10)):
        name, system, dom = APPS[i % len(APPS)]
        if i >= len(APPS):
            system = system.replace(name, name + " " + pick(r, ["Lite", "EU", "Pro", "for Teams"]))
        country = pick(r, ["US", "US", "GB", "DE", "IN", "SG", "BR", "NL", "CA", "FR"])
        aid = W.new_account("legit:app_backend", W.t0 - int(r.uniform(20, 700) * DAY),
                            pick(r, ["business", "enterprise", "business"]), pick(r, ["scale", "enterprise", "growth"]),
                            country, W.card(), company_domain(r))
        keys = [W.key() for _ in range(r.randint(1, 3))]
        asn, cc = pick(r, CLOUD)
        fleet = [Net(rand_ip(r, asn, cc), asn, cc) for _ in range(r.randint(2, 8))]
        ua = pick(r, PY_SDK + JS_SDK + ANT_JS + ["Go-http-client/2.0", "okhttp/4.12.0"])
        ep = wpick(r, [("/v1/chat/completions", 6), ("/v1/messages", 2.5), ("/v1/responses", 1.5)])
        model = pick(r, ["vireo-3-mini", "vireo-3", "vireo-2.5-flash", "vireo-3-mini"])
        shift = pick(r, [0, 0, -6, 1, 7])
        weekly = r.lognormvariate(math.log(1300), 0.45)
        n = poisson(r, weekly * W.days / 7.0)
        switch_at = W.release + int(r.uniform(18, 40) * HOUR) if i < 2 else W.t1 + DAY
        switch_frac = r.uniform(0.2, 0.5)
        users = ["u_" + hexid(r, 12) for _ in range(r.randint(200, 3000))]
        prof = (lambda h, wd, s=shift: prof_global((h - s) % 24, wd))
        temp = pick(r, [0.3, 0.5, 0.7, 0.8, 1.0])
        for t in W.times(n, W.t0, W.t1, prof, 0):
            if r.random() < 0.01:  # fleet churn
                fleet[r.randrange(len(fleet))] = Net(rand_ip(r, asn, cc), asn, cc)
            u = users[min(len(users) - 1, int(r.paretovariate(1.2)) - 1)] if r.random() < 0.5 else pick(r, users)
            turns = []
            for _ in range(r.choice([0, 0, 0, 1, 1, 2, 3])):
                turns += [U(fill(r, pick(r, APP_TURNS[dom]))), A(short_reply_text(r, "chat"))]
            if dom == "tutor" and r.random() < 0.5:
                txt, kind = (pick(r, [math_task, science_task])(r)[0] + pick(r, ["", " step by step", " how?"]), "reasoning_light")
            elif r.random() < 0.6:
                txt, kind = fill(r, pick(r, APP_TURNS[dom])), "chat"
            else:
                txt, kind = casual_msg(r)
            turns.append(U(txt, 1 if (kind == "image" or (dom in ("garden", "shop") and r.random() < 0.08)) else 0))
            m = model
            if t > switch_at and r.random() < switch_frac:
                m = "vireo-4"
            q = Req(system=system, turns=turns, max_out=pick(r, [300, 500, 800, 1024]), temperature=temp,
                    stream=r.random() < 0.7, user=u if r.random() < 0.8 else None)
            W.call(t, aid, pick(r, keys), pick(r, fleet), ua, ep, m, q, kind if kind != "reasoning_light" else "reasoning_light",
                   err=0.01)


CAMPUS_TASKS = [
    ("Improve the clarity of this abstract without changing the meaning: 'We investigate {t}. Results "
     "suggest that the proposed method outperforms baselines on {n} datasets, although limitations remain.'", "chat"),
    ("Create {n} quiz questions with answers on {t} for first-year undergraduates.", "chat"),
    ("Draft an email to the department about the room change for the seminar on {t}.", "chat"),
    ("Explain the difference between fixed and random effects models.", "chat"),
    ("Write R code to fit a mixed-effects model with random intercepts for subject.", "code_small"),
    ("My MATLAB script runs out of memory on a 20000x20000 matrix, how can I restructure it?", "code_small"),
    ("Suggest a grading rubric for a lab report in {t}.", "chat"),
    ("Summarise the main arguments for and against open peer review.", "chat"),
    ("Translate this reference letter into English: 'Sehr geehrte Damen und Herren, ...'", "chat"),
    ("What statistical test should I use for paired ordinal data with {n} participants?", "reasoning_light"),
]


def pop_campus(W):
    r = W.r
    unis = r.sample(UNIVERSITIES, min(len(UNIVERSITIES), W.n(4)))
    for i in range(W.n(4)):
        name, dom, cc, asn, tz = unis[i % len(unis)]
        aid = W.new_account("legit:campus", W.t0 - int(r.uniform(90, 900) * DAY), pick(r, ["edu", "edu", "enterprise"]),
                            pick(r, ["academic", "enterprise"]), cc, "inv_" + hexid(r, 20), dom)
        keys = [W.key() for _ in range(r.randint(2, 9))]
        nat = [Net(rand_ip(r, asn, cc), asn, cc) for _ in range(r.randint(8, 30))]
        vpn = [Net(rand_ip(r, asn, cc), asn, cc) for _ in range(r.randint(1, 3))]
        people = []
        for _ in range(r.randint(40, 220)):
            people.append((individual_ua(r) if r.random() < 0.7 else "campus-ai-gateway/1.2", pick(r, keys),
                           wpick(r, [("/v1/chat/completions", 5), ("/v1/messages", 2), ("/v1/responses", 1)]),
                           pick(r, ["vireo-3-mini", "vireo-3", "vireo-3-reason", "vireo-3", "vireo-2.5-flash"]),
                           home_net(r, cc), r.random() < 0.25))
        weekly = r.lognormvariate(math.log(900), 0.4)
        n = poisson(r, weekly * W.days / 7.0)
        prof = (lambda h, wd: max(prof_work(h, wd), 0.45 * prof_evening(h, wd)))
        for t in W.times(n, W.t0, W.t1, prof, tz):
            ua, key, ep, model, home, mathy = people[min(len(people) - 1, int(r.paretovariate(0.9)) - 1)]
            net = wpick(r, [(pick(r, nat), 7), (pick(r, vpn), 1.5), (home, 1.5)])
            x = r.random()
            if mathy and x < 0.5:
                dom, (task, _) = any_skill_task(r)
                txt, kind = task + " " + pick(r, COT_MILD + ["Show the derivation.", "Please reason it through step by step."]), "reasoning"
            elif x < 0.6:
                txt, kind = casual_msg(r)
            else:
                tm, kind = pick(r, CAMPUS_TASKS)
                txt = tm.format(t=pick(r, RESEARCH_TOPICS + SLOTS["concept"]), n=pick(r, SLOTS["n"]))
            q = casual_req(r, ep, model, None, [U(txt)])
            W.call(t, aid, key, net, ua, ep, model, q, kind)


def pop_researchers(W):
    r = W.r
    for i in range(W.n(10)):
        uni = pick(r, UNIVERSITIES)
        name, dom, cc, asn, tz = uni
        ver = pick(r, ["edu", "edu", "id", "email"])
        aid = W.new_account("legit:researcher", W.t0 - int(r.uniform(5, 500) * DAY), ver,
                            pick(r, ["pay-as-you-go", "academic", "growth"]), cc, W.card(),
                            dom if ver == "edu" or r.random() < 0.6 else consumer_mail(r, cc))
        key = W.key()
        net = Net(rand_ip(r, asn, cc), asn, cc) if r.random() < 0.6 else net_from(r, CLOUD)
        ua = pick(r, PY_SDK + ANT_PY + ["python-httpx/0.27.0"])
        ep = wpick(r, [("/v1/chat/completions", 6), ("/v1/messages", 3)])
        setname, gen = pick(r, RESEARCH_SETS)
        rr = random.Random("research:%d:%d" % (W.seed, i))
        items = [gen(rr) for _ in range(r.randint(50, 200))]
        conds = r.sample(RESEARCH_INSTR, r.randint(2, 4))
        new_ok = i == 0 and W.release < W.t1 - 10 * HOUR
        models = ["vireo-4-reason", "vireo-3-reason"] if new_ok else r.sample(
            ["vireo-3", "vireo-3-reason", "vireo-3-mini", "vireo-2.5", "vireo-3-reason-mini"], r.randint(1, 3))
        temps = pick(r, [[0], [0], [0, 0.7], [0, 1.0], [0.7]])
        samples = pick(r, [1, 1, 1, 3, 5])
        jobs = [(m, c, tp) for m in models for c in conds for tp in temps]
        per_job = max(20, min(len(items), int(900 / max(1, len(jobs) * samples))))
        lo = W.release + int(r.uniform(6, 20) * HOUR) if new_ok else W.t0
        st = W.times(1, lo, max(lo + HOUR, W.t1 - int(min(1.5, W.days * 0.4) * DAY)), prof_work, tz)
        if not st:
            continue
        t = st[0]
        # a few ad-hoc probes before the run
        for tp in W.times(r.randint(0, 12), W.t0, t, prof_work, tz):
            W.call(tp, aid, key, net, ua, ep, models[0], Req(turns=[U(pick(r, items))], max_out=1024, temperature=0), "chat")
        for m, (cname, instr), tp in jobs:
            rate = r.uniform(0.2, 2.0)
            for item in r.sample(items, min(per_job, len(items))):
                q = Req(system=instr if r.random() < 0.5 else None,
                        turns=[U(item if r.random() >= 0 else "")], max_out=pick(r, [1024, 2048, 4096, 8192]),
                        temperature=tp, n=samples if (samples > 1 and ep == "/v1/chat/completions") else None)
                if q.system is None:
                    q.turns = [U(item + "\n\n" + instr)]
                if m in REASONING_MODELS:
                    q.effort = pick(r, ["low", "medium", "high"])
                if ep == "/v1/messages" and cname != "direct" and r.random() < 0.5:
                    q.thinking = pick(r, [2048, 8192])
                    q.max_out = q.thinking + 4096
                kind = "short" if cname == "direct" else "reasoning"
                W.call(t, aid, key, net, ua, ep, m, q, kind, err=0.015)
                t += int(r.expovariate(rate) * SEC) + 50
            t += int(r.uniform(5, 240) * MIN)  # fix bugs, look at results
            if t > W.t1:
                break

# --------------------------------------------------------------------------- campaigns
DISPOSABLE = ["mailbox.pw", "quikmail.net", "inboxly.org", "sendnow.cc", "tmpbox.io", "postfast.me"]
FAKE_EDU = ["student.alderbrook.edu", "stu.hanbit.ac.kr", "mail.kitaura-u.ac.jp", "e.riverton-college.edu",
            "stud.tu-marsfeld.de", "alumni.carrowstate.edu", "learner.edu.vn-open.org", "uni-ostrava-online.cz"]
SDK_UAS = PY_SDK + JS_SDK + ANT_PY + ANT_JS + ["python-httpx/0.27.0", "aiohttp/3.9.5"]


def extraction_request(r, ep, model, big=True, frames=ATTACK_FRAMES, cots=COT_STRONG, agentic_p=0.25):
    """A distillation-style request: high-value task + demand for full reasoning + max output."""
    if r.random() < agentic_p:
        dom, tools, goal, turns = agent_scenario(r)
        cot = pick(r, cots)
        text = pick(r, ["{g}\n\n{c}", "{c}\n\nGoal: {g}", "Task: {g}\nRules: {c} Use the tools as needed.",
                        "{g} {c}"]).format(g=goal, c=cot)
        sysm = pick(r, [None, "You are an autonomous agent. Think carefully and explain your reasoning before every tool call.",
                        "You are a capable assistant with tool access. Reason step by step about each action."])
        q = Req(system=sysm, turns=[U(text)] + turns, tools=tools)
        kind = "tool_call" if r.random() < 0.7 else "agent_final"
    else:
        dom, (task, _) = any_skill_task(r)
        q = Req(system=pick(r, ATTACK_SYSTEMS), turns=[U(attack_prompt(r, task, dom, cots, frames))])
        kind = {"math": "reasoning", "code": "code", "science": "reasoning", "logic": "reasoning"}[dom]
        if "Prove" in task or "Show that" in task:
            kind = "proof"
    if big:
        if ep == "/v1/messages":
            q.max_out = pick(r, [32000, 64000, 32768, 60000])
            if r.random() < 0.8:
                q.thinking = pick(r, [16000, 24000, 31999, 32000, 48000])
                q.max_out = max(q.max_out, q.thinking + 8000)
        else:
            q.max_out = pick(r, [32768, 65536, 100000, 64000, 30000]) if model in REASONING_MODELS else pick(r, [4096, 8192, 16384])
            q.effort = pick(r, ["high", "high", "high", "medium"])
        q.temperature = pick(r, [None, 1, 0.7, 0.6, 0.8])
        q.mct = True if model in REASONING_MODELS else r.random() < 0.3
        if ep == "/v1/chat/completions" and r.random() < 0.06:
            q.n = pick(r, [2, 3, 4])
    else:
        q.max_out = pick(r, [4096, 8192, 16000])
        q.effort = pick(r, ["high", "medium"])
    q.stream = r.random() < 0.3
    return q, kind


def benign_request(r, ep, model):
    text, kind = casual_msg(r)
    return casual_req(r, ep, model, None, [U(text, 1 if kind == "image" else 0)]), kind


def pop_hydra(W):
    r = W.r
    n_acc = W.n(260)
    # the farm's residential proxy pool (rotating exits across many consumer ISPs)
    isps = r.sample(RESIDENTIAL, 46)
    pool = []
    for _ in range(max(300, int(n_acc * 6))):
        asn, cc = pick(r, isps)
        pool.append(Net(rand_ip(r, asn, cc, r.random() < 0.08), asn, cc))
    bill_countries = ["US", "US", "GB", "SG", "HK", "CA", "DE", "MY", "VN", "ID", "BR", "IN", "TR", "NL"]
    startups = [company_domain(r) for _ in range(6)]
    # registration bursts
    accounts = []
    cards = []
    group_left = 0
    made = 0
    while made < n_acc:
        if r.random() < 0.15 and W.days >= 2:
            b0 = W.t0 + int(r.uniform(0.1, 0.8) * W.days * DAY)  # replacements registered mid-campaign
        else:
            b0 = W.t0 - int(r.uniform(1, 70) * DAY)
        size = min(n_acc - made, r.randint(8, 40))
        for j in range(size):
            created = b0 + int(r.uniform(0, 75) * MIN)
            if not cards or group_left <= 0:
                cards.append(W.card())
                group_left = r.choice([1, 2, 2, 3, 3, 3, 4, 5])
            group_left -= 1
            card = cards[-1] if r.random() < 0.95 else pick(r, cards)
            ver = wpick(r, [("email", 55), ("phone", 18), ("edu", 12), ("business", 9), ("none", 4), ("id", 2)])
            if ver == "edu":
                mail = pick(r, FAKE_EDU)
            elif ver == "business":
                mail = pick(r, startups)
            else:
                mail = pick(r, DISPOSABLE) if r.random() < 0.3 else pick(r, CONSUMER_MAIL)
            aid = W.new_account("attack:hydra", created, ver, wpick(r, [("pay-as-you-go", 6), ("plus", 2), ("growth", 1)]),
                                pick(r, bill_countries), card, mail)
            retire = W.t1 + DAY if r.random() > 0.1 else created + int(r.uniform(2, 40) * DAY)
            accounts.append((created, aid, W.key(), pick(r, SDK_UAS),
                             wpick(r, [("/v1/chat/completions", 5), ("/v1/messages", 3), ("/v1/responses", 2)]),
                             r.uniform(0.55, 1.0), retire))
            made += 1
    accounts.sort()
    per_week = r.uniform(38, 55)
    rate = n_acc * per_week / (7 * DAY)  # events per ms across the farm
    t = W.t0 + r.randrange(MIN)
    order = []
    pos = 0
    new_start = W.release + int(r.uniform(8, 20) * HOUR)
    while t < W.t1:
        if pos >= len(order):
            order = [a for a in accounts if a[0] <= t < a[6] and r.random() < a[5]]
            r.shuffle(order)
            pos = 0
            if not order:
                t += HOUR
                continue
        created, aid, key, ua, ep, _, _ = order[pos]
        pos += 1
        net = pick(r, pool)
        if r.random() < 0.08:
            model = pick(r, ["vireo-3-mini", "vireo-3"])
            q, kind = benign_request(r, ep, model)
        else:
            model = wpick(r, [("vireo-3-reason", 7), ("vireo-3", 1.5), ("vireo-3-reason-mini", 0.5)])
            if t > new_start and r.random() < 0.3:
                model = "vireo-4-reason"
            q, kind = extraction_request(r, ep, model)
        W.call(t, aid, key, net, ua, ep, model, q, kind, err=0.02)
        # steady 24/7 with mild jitter and occasional worker restarts
        gap = r.expovariate(rate * r.uniform(0.85, 1.15))
        if r.random() < 0.0015:
            gap += r.uniform(5, 45) * MIN
        t += int(gap)


def pop_reseller(W):
    r = W.r
    for i in range(W.n(3)):
        country = pick(r, ["SG", "HK", "US", "AE", "NL", "GB"])
        aid = W.new_account("attack:reseller", W.t0 - int(r.uniform(60, 400) * DAY), "business",
                            pick(r, ["scale", "enterprise"]), country, W.card(), company_domain(r))
        keys = [W.key() for _ in range(r.randint(2, 6))]
        asn, cc = pick(r, CLOUD + HOSTING_CHEAP)
        ips = [Net(rand_ip(r, asn, cc), asn, cc) for _ in range(r.randint(2, 6))]
        passthrough = r.random() < 0.4
        own_ua = pick(r, ["relaybox-gw/2.8.1", "omniroute/1.12.0 (+https://omniroute.example)",
                          "Go-http-client/2.0", "apiflux-proxy/0.9.7"])
        # end customers: each an app with its own system prompt and habits
        custs = []
        for _ in range(r.randint(25, 80)):
            nm, sysm, dom = pick(r, APPS)
            custs.append((sysm if r.random() < 0.7 else pick(r, [None, "You are a helpful assistant."]), dom,
                           pick(r, ["vireo-3-mini", "vireo-3", "vireo-2.5-flash", "vireo-3-reason"]),
                           wpick(r, [("/v1/chat/completions", 6), ("/v1/messages", 2), ("/v1/responses", 1)]),
                           pick(r, SDK_UAS + BROWSERS + CHAT_APPS), "cust_" + hexid(r, 8), r.lognormvariate(0, 1)))
        dist_ep = pick(r, ["/v1/chat/completions", "/v1/messages"])
        dist_ua = pick(r, ["python-httpx/0.27.2", "aiohttp/3.10.10"])
        dist_share = r.uniform(0.15, 0.28)
        weekly = r.lognormvariate(math.log(2600), 0.3)
        n = poisson(r, weekly * W.days / 7.0)
        nd = int(n * dist_share)
        cw = [(c, c[6]) for c in custs]
        for t in W.times(n - nd, W.t0, W.t1, prof_global, 0):
            sysm, dom, model, ep, cua, cid, _ = wpick(r, cw)
            txt, kind = (fill(r, pick(r, APP_TURNS[dom])), "chat") if r.random() < 0.5 else casual_msg(r)
            q = casual_req(r, ep, model, sysm, [U(txt, 1 if kind == "image" else 0)])
            if r.random() < 0.5:
                q.user = cid
            W.call(t, aid, pick(r, keys), pick(r, ips), cua if passthrough else own_ua, ep, model, q, kind)
        dkey = keys[0]
        for t in W.times(nd, W.t0 + int(r.uniform(0, 0.2) * W.days * DAY), W.t1, prof_flat, 0):
            model = pick(r, ["vireo-3-reason", "vireo-3-reason", "vireo-3"])
            q, kind = extraction_request(r, dist_ep, model, agentic_p=0.75)
            if r.random() < 0.5:
                q.user = "cust_" + "d1st" + hexid(random.Random(i), 4)
            W.call(t, aid, dkey, pick(r, ips), dist_ua if passthrough else own_ua, dist_ep, model, q, kind, err=0.02)


SWEEP_TAXONOMY = [  # domain, [(subskill, generator variants)], generator
    ("number theory", [("modular arithmetic", [1, 9]), ("divisor counting", [8]), ("polynomial interpolation", [17]),
                       ("elementary proofs", [10])], "math"),
    ("combinatorics", [("permutations with restrictions", [2]), ("lattice paths", [14]), ("digit counting", [15])], "math"),
    ("analysis", [("limits", [7]), ("improper integrals", [6]), ("functional equations", [11]), ("recurrences", [5])], "math"),
    ("algebra and geometry", [("quadratics", [0]), ("eigenvalues", [12]), ("triangle geometry", [4])], "math"),
    ("probability", [("urn models", [3]), ("rates and work", [16]), ("relative motion", [13])], "math"),
    ("algorithms", [("algorithm implementation", [0.1, 0.3, 0.5]), ("debugging", [0.8]), ("system design", [0.95])], "code"),
    ("mechanics", [("projectile motion", [0]), ("orbital mechanics", [7]), ("heat exchange", [9])], "science"),
    ("electromagnetism and waves", [("RC circuits", [1]), ("geometric optics", [8]), ("Doppler effect", [12])], "science"),
    ("chemistry", [("stoichiometry", [4]), ("buffers", [3]), ("ideal gases", [2]), ("radioactive decay", [10]),
                   ("mechanisms and explanations", [13])], "science"),
    ("biology", [("Mendelian genetics", [11]), ("population genetics", [5]), ("enzyme kinetics", [6])], "science"),
    ("formal reasoning", [("knights and knaves", [0]), ("seating constraints", [1]), ("river crossing", [2]),
                          ("weighing puzzles", [3]), ("logic grids", [4]), ("syllogistic validity", [5])], "logic"),
    ("agentic planning", [("travel booking", None), ("incident response", None), ("data analysis", None),
                          ("customer support workflows", None)], "agent"),
]
SWEEP_FRAMES = [
    "Area: {d} / {s}.\n\n{task}\n\n{cot}",
    "I'm working through {s} ({d}). Here's one: {task}\n{cot}",
    "{task}\n\nThis is a {s} exercise. {cot}",
    "Practice item - {s}\n{task}\n{cot}",
    "Could you help with this {d} question on {s}? {task} {cot}",
    "{cot}\n\n[{s}] {task}",
    "Next one ({s}): {task}\n\n{cot}",
]


def pop_slow_sweep(W):
    r = W.r
    cells = [(d, s, kind, vs) for d, subs, kind in SWEEP_TAXONOMY for s, vs in subs]
    n_acc = W.n(60)
    cots = r.sample(COT_STRONG, 22) + COT_MILD[:3]
    for i in range(n_acc):
        country = wpick(r, COUNTRY_W)
        tz = tz_of(r, country)
        aid = W.new_account("attack:slow_sweep", W.t0 - int(r.uniform(25, 320) * DAY),
                            wpick(r, [("email", 6), ("phone", 3), ("none", 0.5), ("id", 0.5)]),
                            wpick(r, TIERS_IND), country, W.card(), consumer_mail(r, country))
        key = W.key()
        net = home_net(r, country) if r.random() < 0.75 else net_from(r, HOSTING_CHEAP)
        ua = individual_ua(r)
        ep = wpick(r, [("/v1/chat/completions", 5), ("/v1/messages", 3), ("/v1/responses", 2)])
        nev = poisson(r, r.uniform(14, 36) * W.days / 7.0)
        if nev == 0:
            continue
        start = (i * len(cells)) // n_acc
        span = r.randint(6, 12)
        times = W.times(nev, W.t0, W.t1, prof_casual if r.random() < 0.6 else prof_flat, tz)
        for j, t in enumerate(times):
            d, s, kind, vs = cells[(start + (j * span) // max(1, len(times))) % len(cells)]
            model = wpick(r, [("vireo-3-reason", 6), ("vireo-3", 1.5), ("vireo-3-reason-mini", 1)])
            if kind == "agent":
                q, rk = extraction_request(r, ep, model, big=False, agentic_p=1.0)
            else:
                task = {"math": math_task, "code": code_task, "science": science_task, "logic": logic_task}[kind](r, pick(r, vs))[0]
                q = Req(turns=[U(pick(r, SWEEP_FRAMES).format(d=d, s=s, task=task, cot=pick(r, cots)))],
                        max_out=pick(r, [8192, 16000, 16384, 20000, 32000]), effort=pick(r, ["high", "medium"]),
                        temperature=pick(r, [None, None, 0.7, 1]), stream=r.random() < 0.4)
                if ep == "/v1/messages" and r.random() < 0.6:
                    q.thinking = pick(r, [8000, 12000, 16000])
                    q.max_out = max(q.max_out, q.thinking + 4000)
                rk = "reasoning" if kind != "code" else "code"
            if r.random() < 0.06:
                model = "vireo-3-mini"
                q, rk = benign_request(r, ep, model)
            W.call(t, aid, key, net, ua, ep, model, q, rk)
            if net.asn in dict(RESIDENTIAL) and r.random() < 0.03:
                net = Net(rand_ip(r, net.asn, net.country), net.asn, net.country)


SCRAPER_TEMPLATES = [
    "Q: {q}\nA: Let's think step by step.",
    "Question: {q}\nExplain your reasoning step by step in full detail, then give the final answer.",
    "{q}\n\nShow your complete chain of thought.",
]


def pop_scraper(W):
    r = W.r
    for i in range(W.n(1)):
        begin = W.t0 + int(r.uniform(0.15, 0.35) * W.days * DAY)
        aid = W.new_account("attack:scraper", begin - int(r.uniform(2, 40) * HOUR), pick(r, ["email", "none"]),
                            pick(r, ["pay-as-you-go", "free-trial"]), pick(r, ["US", "RU", "CN", "DE", "IN"]), W.card(),
                            pick(r, CONSUMER_MAIL + DISPOSABLE))
        key = W.key()
        asn, cc = pick(r, HOSTING_CHEAP)
        net = Net(rand_ip(r, asn, cc), asn, cc)
        ua = pick(r, ["python-requests/2.31.0", "python-requests/2.28.1"])
        tmpls = r.sample(SCRAPER_TEMPLATES, r.randint(1, 2))
        model = "vireo-3-reason"
        target = int(r.uniform(3000, 4500) * min(1.0, W.days / 7.0) * 1.0)
        end = min(W.t1, begin + int(r.uniform(30, 50) * HOUR * min(1.0, W.days / 3.0)))
        t = begin
        sent = 0
        while t < end and sent < target:
            burst = r.randint(100, 450)
            rps = r.uniform(0.3, 1.4)
            for _ in range(burst):
                if t >= end or sent >= target:
                    break
                dom, (task, _) = any_skill_task(r)
                q = Req(turns=[U(pick(r, tmpls).format(q=task))], max_out=4096, temperature=0.7, mct=False)
                limited = r.random() < (0.3 if rps > 1.0 else 0.08)
                if limited:
                    W.call(t, aid, key, net, ua, "/v1/chat/completions", model, q, "reasoning", err=1.0)
                else:
                    W.call(t, aid, key, net, ua, "/v1/chat/completions", model, q,
                           "reasoning" if dom != "code" else "code", err=0.01)
                sent += 1
                t += int(r.expovariate(rps) * SEC) + 30
            t += int(r.uniform(10, 120) * MIN)


def pop_pivot(W):
    r = W.r
    n_acc = W.n(35)
    cards = [W.card() for _ in range(max(1, n_acc // 3))]
    for i in range(n_acc):
        country = pick(r, ["US", "SG", "HK", "CA", "GB", "DE", "MY", "KR", "JP", "IN", "AE", "NL"])
        tz = tz_of(r, country) if country in TZ else 4
        ver = wpick(r, [("email", 4), ("phone", 2), ("business", 2.5), ("id", 1), ("edu", 0.6)])
        mail = company_domain(r) if ver == "business" else pick(r, FAKE_EDU) if ver == "edu" else consumer_mail(r, country)
        created = W.t0 - int(r.uniform(3, 200) * DAY) if r.random() < 0.8 else W.release - int(r.uniform(6, 72) * HOUR)
        aid = W.new_account("attack:pivot", created, ver, pick(r, ["pay-as-you-go", "growth", "plus"]), country,
                            pick(r, cards) if r.random() < 0.6 else W.card(), mail)
        key = W.key()
        nets = [net_from(r, CLOUD + HOSTING_CHEAP) if r.random() < 0.6 else home_net(r, pick(r, ["US", "SG", "KR", "DE"]))
                for _ in range(r.randint(1, 3))]
        ua = pick(r, SDK_UAS)
        ep = wpick(r, [("/v1/chat/completions", 5), ("/v1/messages", 3), ("/v1/responses", 2)])
        # quiet, ordinary use before the release
        for t in W.times(r.randint(0, 6), max(W.t0, created), W.release, prof_casual, tz):
            model = pick(r, ["vireo-3-mini", "vireo-3", "vireo-3-reason"])
            q, kind = benign_request(r, ep, model) if r.random() < 0.7 else extraction_request(r, ep, model, big=False)
            W.call(t, aid, key, pick(r, nets), ua, ep, model, q, kind)
        # the spike on the new model
        lag = clamp(r.lognormvariate(math.log(1.6), 0.7), 0.15, 9.0)
        s0 = W.release + int(lag * HOUR)
        dur = int(r.uniform(4, 30) * HOUR)
        s1 = min(W.t1, s0 + dur)
        k = r.randint(40, 140)
        if s1 <= s0:
            continue
        t = s0
        mean_gap = (s1 - s0) / float(k)
        for j in range(k):
            model = "vireo-4-reason" if r.random() < 0.85 else "vireo-4"
            if r.random() < 0.05:
                q, kind = benign_request(r, ep, model)
            else:
                q, kind = extraction_request(r, ep, model, agentic_p=0.3)
            W.call(t, aid, key, pick(r, nets), ua, ep, model, q, kind, err=0.03)
            t += int(r.expovariate(1.0 / mean_gap))
            if t >= W.t1:
                break
        # a trickle afterwards
        for t in W.times(r.randint(0, 8), s1, W.t1, prof_flat, tz):
            model = "vireo-4-reason"
            q, kind = extraction_request(r, ep, model)
            W.call(t, aid, key, pick(r, nets), ua, ep, model, q, kind)

# =========================================================================== output
POPULATIONS = [pop_individuals, pop_students, pop_coding, pop_eval, pop_batch, pop_apps, pop_campus,
               pop_researchers, pop_hydra, pop_reseller, pop_slow_sweep, pop_scraper, pop_pivot]


def generate(out, seed, scale, days):
    t_start = time.time()
    W = World(seed, scale, days)
    for pop in POPULATIONS:
        pop(W)
    os.makedirs(out, exist_ok=True)
    W.events.sort(key=lambda e: (e[0], e[1]))
    per_label = {}
    seen_acct = {}
    nbytes = 0
    nev = 0
    acct_re = re.compile(r'"account":"([^"]+)"')
    with open(os.path.join(out, "events.jsonl"), "w", encoding="utf-8", newline="\n") as f:
        for t, _, line in W.events:
            if t < W.t0 or t >= W.t1:
                continue
            f.write(line)
            f.write("\n")
            nbytes += len(line.encode("utf-8")) + 1
            nev += 1
            a = acct_re.search(line).group(1)
            seen_acct[a] = seen_acct.get(a, 0) + 1
    accts = list(W.accounts)
    W.r.shuffle(accts)  # file order must not group populations
    with open(os.path.join(out, "accounts.jsonl"), "w", encoding="utf-8", newline="\n") as f:
        for a in accts:
            f.write(json.dumps(a, ensure_ascii=False, separators=(",", ":")) + "\n")
    with open(os.path.join(out, "labels.json"), "w", encoding="utf-8") as f:
        json.dump({k: W.labels[k] for k in sorted(W.labels)}, f, indent=0, sort_keys=True)
        f.write("\n")
    for a, lab in W.labels.items():
        s = per_label.setdefault(lab, [0, 0, 0])
        s[0] += 1
        if a in seen_acct:
            s[1] += 1
            s[2] += seen_acct[a]
    el = time.time() - t_start
    sys.stderr.write("wrote %s: %d events, %d accounts (%d active), %.1f MB events, %.0f B/line, %.1f s\n"
                     % (out, nev, len(W.accounts), len(seen_acct), nbytes / 1e6, nbytes / max(1, nev), el))
    sys.stderr.write("  release of %s at %s\n" % ("/".join(NEW_MODELS), fmt_ts(W.release)))
    sys.stderr.write("  %-22s %8s %8s %9s\n" % ("label", "accounts", "active", "events"))
    for lab in LEGIT_LABELS + ATTACK_LABELS:
        s = per_label.get(lab, [0, 0, 0])
        sys.stderr.write("  %-22s %8d %8d %9d\n" % (lab, s[0], s[1], s[2]))
    return 0


TS_RE = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")
ROLES = {"system", "developer", "user", "assistant", "tool"}


def _check_content(c, where, probs):
    if c is None or isinstance(c, str):
        return
    if isinstance(c, list):
        for p in c:
            if not isinstance(p, dict) or "type" not in p:
                probs.append("%s: content part without type" % where)
                return
        return
    probs.append("%s: content must be string, null or list" % where)


def _check_request(ep, req, where, probs):
    if ep == "/v1/chat/completions":
        msgs = req.get("messages")
        if not isinstance(msgs, list) or not msgs:
            probs.append("%s: chat request without messages" % where)
            return
        for m in msgs:
            if m.get("role") not in ROLES:
                probs.append("%s: bad role %r" % (where, m.get("role")))
            if "content" not in m:
                probs.append("%s: message without content" % where)
            _check_content(m.get("content"), where, probs)
            if m.get("content") is None and not (m.get("role") == "assistant" and m.get("tool_calls")):
                probs.append("%s: null content outside a tool-calling assistant turn" % where)
    elif ep == "/v1/messages":
        msgs = req.get("messages")
        if not isinstance(msgs, list) or not msgs:
            probs.append("%s: messages request without messages" % where)
            return
        if not isinstance(req.get("max_tokens"), int):
            probs.append("%s: /v1/messages without integer max_tokens" % where)
        s = req.get("system")
        if s is not None and not isinstance(s, (str, list)):
            probs.append("%s: system must be string or list" % where)
        for m in msgs:
            if m.get("role") not in ("user", "assistant"):
                probs.append("%s: bad role %r for /v1/messages" % (where, m.get("role")))
            _check_content(m.get("content"), where, probs)
        th = req.get("thinking")
        if th is not None and (th.get("type") != "enabled" or not isinstance(th.get("budget_tokens"), int)
                               or th["budget_tokens"] >= req["max_tokens"]):
            probs.append("%s: bad thinking block" % where)
    elif ep == "/v1/responses":
        if not isinstance(req.get("input"), (str, list)):
            probs.append("%s: responses request without input" % where)
    elif ep == "/v1/completions":
        if not isinstance(req.get("prompt"), (str, list)):
            probs.append("%s: completions request without prompt" % where)


def check(d):
    import ipaddress
    probs = []
    labels_path = os.path.join(d, "labels.json")
    try:
        with open(labels_path, encoding="utf-8") as f:
            labels = json.load(f)
    except (OSError, ValueError) as e:
        print("labels.json: %s" % e)
        return 1
    if not isinstance(labels, dict):
        probs.append("labels.json is not an object")
        labels = {}
    for a, lab in labels.items():
        if lab not in LEGIT_LABELS and lab not in ATTACK_LABELS:
            probs.append("labels.json: unknown label %r for %s" % (lab, a))
    accts = {}
    with open(os.path.join(d, "accounts.jsonl"), encoding="utf-8") as f:
        for ln, line in enumerate(f, 1):
            try:
                a = json.loads(line)
            except ValueError as e:
                probs.append("accounts.jsonl:%d: %s" % (ln, e))
                continue
            for k in ("account", "created_at", "verification", "tier", "country", "payment_fp", "email_domain"):
                if not isinstance(a.get(k), str):
                    probs.append("accounts.jsonl:%d: missing/invalid %s" % (ln, k))
            if a.get("verification") not in VERIFICATIONS:
                probs.append("accounts.jsonl:%d: bad verification %r" % (ln, a.get("verification")))
            if not TS_RE.match(a.get("created_at", "")):
                probs.append("accounts.jsonl:%d: bad created_at" % ln)
            accts[a.get("account")] = a
    n = 0
    prev = ""
    nbytes = 0
    per = {}
    with open(os.path.join(d, "events.jsonl"), encoding="utf-8") as f:
        for ln, line in enumerate(f, 1):
            nbytes += len(line.encode("utf-8"))
            where = "events.jsonl:%d" % ln
            if not line.endswith("\n"):
                probs.append("%s: not newline-terminated" % where)
            try:
                e = json.loads(line)
            except ValueError as ex:
                probs.append("%s: %s" % (where, ex))
                continue
            n += 1
            for k, typ in (("ts", str), ("account", str), ("ip", str), ("endpoint", str), ("model", str),
                           ("request", dict), ("status", int)):
                if not isinstance(e.get(k), typ):
                    probs.append("%s: missing/invalid %s" % (where, k))
            ts = e.get("ts", "")
            if not TS_RE.match(ts):
                probs.append("%s: ts %r not RFC 3339 UTC with ms" % (where, ts))
            elif ts < prev:
                probs.append("%s: ts goes backwards (%s < %s)" % (where, ts, prev))
            else:
                prev = ts
            try:
                ipaddress.ip_address(e.get("ip", ""))
            except ValueError:
                probs.append("%s: bad ip %r" % (where, e.get("ip")))
            if "asn" in e and not isinstance(e["asn"], int):
                probs.append("%s: asn not integer" % where)
            if "country" in e and not re.match(r"^[A-Z]{2}$", str(e["country"])):
                probs.append("%s: bad country" % where)
            if e.get("endpoint") not in ENDPOINTS:
                probs.append("%s: unknown endpoint %r" % (where, e.get("endpoint")))
            elif isinstance(e.get("request"), dict):
                _check_request(e["endpoint"], e["request"], where, probs)
                if e["request"].get("model") != e.get("model"):
                    probs.append("%s: request.model differs from model" % where)
            r = e.get("response")
            if r is not None:
                if not isinstance(r, dict):
                    probs.append("%s: response not an object" % where)
                elif isinstance(r.get("text"), str) and len(r["text"]) > 1200:
                    probs.append("%s: response text too long" % where)
            u = e.get("usage")
            if u is not None and not all(isinstance(v, int) for v in u.values()):
                probs.append("%s: usage values must be integers" % where)
            if "latency_ms" in e and not isinstance(e["latency_ms"], int):
                probs.append("%s: latency_ms not integer" % where)
            a = e.get("account")
            if a not in labels:
                probs.append("%s: account %s has no label" % (where, a))
            if a not in accts:
                probs.append("%s: account %s missing from accounts.jsonl" % (where, a))
            per[labels.get(a, "?")] = per.get(labels.get(a, "?"), 0) + 1
            if len(probs) > 200:
                break
    if n == 0:
        probs.append("events.jsonl is empty")
    print("%d events, %d accounts, %d labels, %.1f MB, %.0f B/line" % (n, len(accts), len(labels), nbytes / 1e6,
                                                                      nbytes / max(1, n)))
    for lab in sorted(per):
        print("  %-22s %8d" % (lab, per[lab]))
    if probs:
        for p in probs[:40]:
            print("PROBLEM: " + p)
        print("%d problem(s)" % len(probs))
        return 1
    print("OK")
    return 0


def main(argv=None):
    ap = argparse.ArgumentParser(description="held-out distillation traffic generator (stdlib only)")
    ap.add_argument("--out", help="output directory")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--scale", type=float, default=1.0, help="multiplies the account count of every population")
    ap.add_argument("--days", type=float, default=7.0)
    ap.add_argument("--check", metavar="DIR", help="validate a generated directory and exit")
    a = ap.parse_args(argv)
    if a.check:
        return check(a.check)
    if not a.out:
        ap.error("--out or --check is required")
    if a.days <= 0 or a.scale <= 0:
        ap.error("--days and --scale must be positive")
    return generate(a.out, a.seed, a.scale, a.days)


if __name__ == "__main__":
    sys.exit(main())
