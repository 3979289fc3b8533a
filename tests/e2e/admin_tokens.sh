#!/usr/bin/env bash
# Administration of the embedded state through the CLI (accounts, keys,
# their error exits), then tokens and proofs of possession cross-checked
# with independent implementations: the reference `paseto` npm package
# verifies our tokens and signs tokens our code must accept, and Node's own
# Ed25519 computes SW-Proof headers as the documentation describes.
. "$(dirname "$0")/common.bash"
ROOT=$(pwd)
TOOL=${SW_TOKEN_TOOL:-$(dirname "$BIN")/tests/token_tool}
[ -x "$TOOL" ] || fail "token_tool not found at $TOOL"
ST="$WORK/state/nested"   # created by the first command, parents included
expect_exit() { # expect_exit CODE DESCRIPTION -- command...
  local want=$1 what=$2; shift 3
  set +e; "$@" > "$WORK/out.txt" 2> "$WORK/err.txt"; local got=$?; set -e
  [ "$got" -eq "$want" ] || fail "$what: exit $got, expected $want ($(cat "$WORK/err.txt"))"
}

# ---- accounts ----
"$BIN" account create --state "$ST" --id acme-labs --verification business --tier tier2 \
  --country de --payment-fp pf:9a8b --email-domain Acme.Example > "$WORK/a.json"
[ "$(stat -c %a "$ST")" = 700 ] || fail "state directory is not private"
python3 - "$WORK/a.json" <<'PY' || fail "account create output"
import json, sys
a = json.loads(open(sys.argv[1]).read())
assert a["account"] == "acme-labs" and a["verification"] == "business" and a["tier"] == "tier2", a
assert a["country"] == "DE" and a["email_domain"] == "acme.example" and a["payment_fp"] == "pf:9a8b", a
assert a["suspended"] is False and a["keys"] == [] and a["created_at"].endswith("Z"), a
PY
"$BIN" account create --state "$ST" --id solo --verification email --tier free > /dev/null
expect_exit 1 "duplicate account" -- "$BIN" account create --state "$ST" --id acme-labs --verification none --tier free
grep -q "already exists" "$WORK/err.txt" || fail "duplicate not explained"
expect_exit 2 "bad level" -- "$BIN" account create --state "$ST" --id x --verification gold --tier free
grep -q "unknown verification level 'gold'" "$WORK/err.txt" || fail "bad level not named"
expect_exit 2 "bad id" -- "$BIN" account create --state "$ST" --id 'a b' --verification none --tier free
expect_exit 2 "id like an option" -- "$BIN" account create --state "$ST" --id -x --verification none --tier free
expect_exit 2 "missing tier" -- "$BIN" account create --state "$ST" --id x --verification none
expect_exit 2 "missing state" -- "$BIN" account show --id acme-labs
expect_exit 2 "unknown option" -- "$BIN" account show --state "$ST" --id acme-labs --colour
expect_exit 2 "unknown action" -- "$BIN" account delete --state "$ST" --id acme-labs
expect_exit 2 "bad country" -- "$BIN" account set --state "$ST" --id solo --country DEU
expect_exit 2 "bad suspended" -- "$BIN" account set --state "$ST" --id solo --suspended maybe
expect_exit 2 "nothing to set" -- "$BIN" account set --state "$ST" --id solo
expect_exit 1 "set unknown" -- "$BIN" account set --state "$ST" --id nobody --tier free
expect_exit 1 "show unknown" -- "$BIN" account show --state "$ST" --id nobody
grep -q "no account 'nobody'" "$WORK/err.txt" || fail "unknown account not named"
"$BIN" account set --state "$ST" --id solo --verification phone --tier tier1 > /dev/null
"$BIN" account show --state "$ST" --id solo | grep -q '"verification":"phone","tier":"tier1"' \
  || fail "set did not change the account"
# show prints an accounts.jsonl record that scan reads
"$BIN" account show --state "$ST" --id acme-labs > "$WORK/accounts.jsonl"
python3 -c "import json,sys; json.loads(open(sys.argv[1]).read())" "$WORK/accounts.jsonl" || fail "show is not JSON"

# ---- keys ----
key=$("$BIN" key create --state "$ST" --account acme-labs)
[[ $key =~ ^sk-sw-[0-9a-f]{8}[A-Za-z0-9_-]{43}$ ]] || fail "key has the wrong shape: $key"
kid=${key:0:14}
[ "$(stat -c %a "$ST/pepper")" = 600 ] || fail "pepper is not 0600"
[ "$(stat -c %a "$ST/stillwatch.db")" = 600 ] || fail "database is not 0600"
# only the hash is stored: the secret part appears nowhere in the state
if grep -rqF -- "${key:14}" "$ST"; then fail "the key's secret is stored"; fi
"$BIN" account show --state "$ST" --id acme-labs | grep -qF "\"id\":\"$kid\"" || fail "key not listed"
key2=$("$BIN" key create --state "$ST" --account acme-labs)
[ "$key" != "$key2" ] || fail "two keys are equal"
expect_exit 1 "key for unknown account" -- "$BIN" key create --state "$ST" --account nobody
[ ! -s "$WORK/out.txt" ] || fail "a failed key create printed something on stdout"
"$BIN" account set --state "$ST" --id solo --suspended yes > /dev/null
expect_exit 1 "key for suspended account" -- "$BIN" key create --state "$ST" --account solo
grep -q "suspended" "$WORK/err.txt" || fail "suspension not explained"
"$BIN" account set --state "$ST" --id solo --suspended no > /dev/null
"$BIN" key create --state "$ST" --account solo > /dev/null || fail "key after unsuspending"
expect_exit 2 "key create without account" -- "$BIN" key create --state "$ST"
expect_exit 2 "revoke with a bad id" -- "$BIN" key revoke --state "$ST" --id "$key"
expect_exit 1 "revoke unknown key" -- "$BIN" key revoke --state "$ST" --id sk-sw-00000000
"$BIN" key revoke --state "$ST" --id "$kid" | grep -q "revoked key $kid of account acme-labs" || fail "revoke"
"$BIN" key revoke --state "$ST" --id "$kid" | grep -q "already revoked" || fail "second revoke"
"$BIN" account show --state "$ST" --id acme-labs > "$WORK/a2.json"
python3 - "$WORK/a2.json" "$kid" <<'PY' || fail "revocation not shown"
import json, sys
keys = {k["id"]: k for k in json.loads(open(sys.argv[1]).read())["keys"]}
assert keys[sys.argv[2]]["revoked_at"] is not None and len(keys) == 2, keys
assert sum(k["revoked_at"] is None for k in keys.values()) == 1, keys
PY

# concurrent writers wait for each other (WAL, busy timeout) instead of failing
pids=()
for i in 1 2 3 4 5 6; do
  "$BIN" key create --state "$ST" --account solo > "$WORK/par$i.txt" 2>&1 & pids+=($!)
done
for p in "${pids[@]}"; do wait "$p" || fail "a concurrent key create failed: $(cat "$WORK"/par*.txt)"; done
[ "$(cat "$WORK"/par*.txt | sort -u | wc -l)" -eq 6 ] || fail "concurrent key creates did not give 6 keys"
n=$("$BIN" account show --state "$ST" --id solo | python3 -c "import json,sys; print(len(json.load(sys.stdin)['keys']))")
[ "$n" -eq 7 ] || fail "solo should have 7 keys, has $n"

# ---- tokens against the reference implementation ----
cd "$ROOT/tests/node"
[ -d node_modules/paseto ] || fail "tests/node/node_modules is missing (scripts/setup.sh installs it)"
seed=$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')
dpk=$(node paseto_check.mjs device "$seed")
gpk=$("$TOOL" pubkey "$ST")
[ "$(stat -c %a "$ST/token.key")" = 600 ] || fail "token.key is not 0600"
[ "$("$TOOL" pubkey "$ST")" = "$gpk" ] || fail "token.key changed between loads"
tok=$("$TOOL" issue "$ST" acme-labs "$kid" 300 "$dpk")
node paseto_check.mjs verify "$gpk" "$tok" > "$WORK/payload.json" 2> "$WORK/node_err.txt" \
  || fail "paseto V4.verify refused our token: $(cat "$WORK/node_err.txt")"
python3 - "$WORK/payload.json" "$kid" "$dpk" <<'PY' || fail "claims seen by the reference implementation"
import base64, json, sys
p = json.loads(open(sys.argv[1]).read())
assert p["iss"] == "stillwatch" and p["sub"] == "acme-labs" and p["kid"] == sys.argv[2], p
assert base64.urlsafe_b64decode(p["cnf"]["okp"] + "=").hex() == sys.argv[3], p
assert len(p["jti"]) >= 16 and p["iat"] < p["exp"], p
PY
# a tampered token, or the wrong key, is refused by the reference too
bad=${tok:0:30}$( [ "${tok:30:1}" = A ] && echo B || echo A )${tok:31}
if node paseto_check.mjs verify "$gpk" "$bad" > /dev/null 2>&1; then fail "reference accepted a tampered token"; fi
if node paseto_check.mjs verify "$dpk" "$tok" > /dev/null 2>&1; then fail "reference accepted the wrong key"; fi
# an expired token of ours is refused by both
old=$("$TOOL" issue "$ST" acme-labs "$kid" 1 "$dpk"); sleep 1.2
if node paseto_check.mjs verify "$gpk" "$old" > /dev/null 2>&1; then fail "reference accepted an expired token"; fi
[ "$("$TOOL" verify "$gpk" "$old")" = expired ] || fail "expired token accepted"

# tokens signed by the reference implementation, verified by ours
node paseto_check.mjs sign acme-labs "$kid" "$dpk" > "$WORK/signed.txt"
npk=$(sed -n 1p "$WORK/signed.txt"); ntok=$(sed -n 2p "$WORK/signed.txt")
"$TOOL" verify "$npk" "$ntok" > "$WORK/claims.json" || fail "our verify refused a V4.sign token: $(cat "$WORK/claims.json")"
grep -q "\"sub\":\"acme-labs\",\"kid\":\"$kid\"" "$WORK/claims.json" || fail "claims of a V4.sign token"
grep -q "\"device_pk\":\"$dpk\"" "$WORK/claims.json" || fail "cnf of a V4.sign token"
[ "$("$TOOL" verify "$gpk" "$ntok")" = "bad signature" ] || fail "V4.sign token accepted under the wrong key"

# ---- proof of possession computed by an independent client ----
body='{"model":"m","messages":[{"role":"user","content":"hello"}]}'
proof=$(node paseto_check.mjs proof "$seed" POST /v1/messages "$body")
[ "$("$TOOL" proof-check "$gpk" "$tok" "$proof" POST /v1/messages "$body")" = ok ] \
  || fail "a proof computed as documented was refused"
[ "$("$TOOL" proof-check "$gpk" "$tok" "$proof" POST /v1/chat/completions "$body")" = "bad proof signature" ] \
  || fail "a proof moved to another path was accepted"
[ "$("$TOOL" proof-check "$gpk" "$tok" "$proof" POST /v1/messages "$body ")" = "bad proof signature" ] \
  || fail "a proof moved to another body was accepted"
stale=$(node paseto_check.mjs proof "$seed" POST /v1/messages "$body" $(( $(date +%s) - 120 )))
[ "$("$TOOL" proof-check "$gpk" "$tok" "$stale" POST /v1/messages "$body")" = "stale proof" ] \
  || fail "a stale proof was accepted"
other=$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')
stolen=$(node paseto_check.mjs proof "$other" POST /v1/messages "$body")
[ "$("$TOOL" proof-check "$gpk" "$tok" "$stolen" POST /v1/messages "$body")" = "bad proof signature" ] \
  || fail "a token was usable without its device key"
echo "admin_tokens: ok"
