#!/usr/bin/env bash
# GET /v1/models lists the concrete models the caller's tier may use, even
# when every upstream and tier says only "*" or a pattern: the tier's own
# exact names, the upstreams' exact names and the configured catalogue
# (the top-level `models` key), each filtered by the tier. Without a
# catalogue, a tier of patterns over a "*" upstream lists nothing.
. "$(dirname "$0")/common.bash"
. "$(dirname "$0")/../upstream/harness.bash"
start_upstream
cat > "$WORK/gw.yaml" << YAML
upstreams:
  "*": $UPSTREAM
models: [sw-small, sw-large, sw-reasoner, other-model]
tiers:
  free:
    models: ["sw-small", "sw-large"]
  tier2:
    models: ["*"]
  narrow:
    inherit: tier2
    models: ["sw-s*", "sw-reasoner", "exact-only"]
YAML
start_gateway --config "$WORK/gw.yaml"
account f email free
account t business tier2
account n business narrow
# ids KEY: the listed ids, space-separated, in order; checks the list's shape
ids() {
  curl -s -H "authorization: Bearer $1" "$GW/v1/models" > "$WORK/models.json" || fail "GET /v1/models failed"
  python3 - "$WORK/models.json" << 'PY' || fail "/v1/models shape: $(cat "$WORK/models.json")"
import json, sys
b = json.load(open(sys.argv[1]))
assert b["object"] == "list" and isinstance(b["data"], list), b
for m in b["data"]:
    assert m["object"] == "model" and isinstance(m["id"], str) and isinstance(m["created"], int), m
    assert isinstance(m["owned_by"], str), m
print(" ".join(m["id"] for m in b["data"]))
PY
}
KF=$(new_key f); KT=$(new_key t); KN=$(new_key n)
got=$(ids "$KF")
[ "$got" = "sw-small sw-large" ] || fail "free tier lists '$got'"
got=$(ids "$KT")
[ "$got" = "sw-small sw-large sw-reasoner other-model" ] || fail "tier2 ('*') lists '$got'"
got=$(ids "$KN")
[ "$got" = "sw-reasoner exact-only sw-small" ] || fail "narrow tier lists '$got'"
stop_gateway

# no catalogue: patterns name no model
cat > "$WORK/gw2.yaml" << YAML
upstreams:
  "*": $UPSTREAM
tiers:
  tier2:
    models: ["*"]
YAML
start_gateway --config "$WORK/gw2.yaml"
got=$(ids "$KT")
[ "$got" = "" ] || fail "without a catalogue, tier2 ('*') lists '$got'"
stop_gateway
sw_done gateway_models
