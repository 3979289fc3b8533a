#!/usr/bin/env bash
# Step-up verification end to end (tests/node/gw_stepup.mjs): two naive
# scrapers are driven into the detector's "challenge"; the refusal names a
# step-up URL with a ticket; a real browser (headless Chromium through
# puppeteer-core, with a CDP virtual authenticator) opens it, registers a
# passkey and passes the assertion, after which the first account is served
# again; an authenticator that cannot verify its user is refused and the
# second account stays challenged.
. "$(dirname "$0")/common.bash"
. "$(dirname "$0")/../upstream/harness.bash"
CHROMIUM=${SW_CHROMIUM:-/usr/bin/chromium}
[ -x "$CHROMIUM" ] || fail "$CHROMIUM is missing (scripts/setup.sh installs chromium)"
[ -f "$NODE_DIR/node_modules/puppeteer-core/package.json" ] || fail "tests/node/node_modules/puppeteer-core is missing: run scripts/setup.sh"
start_upstream --tokens 16
write_config "$WORK/gw.yaml" '  tier3:
    models: ["*"]
    requests_per_minute: 100000
    tokens_per_minute: 0
stepup:
  ttl_s: 3600
  ticket_ttl_s: 600'
start_gateway --config "$WORK/gw.yaml"
account verified-scraper email tier3
account unverified-scraper email tier3
export SW_KEY_A SW_KEY_B SW_MODEL=sw-large SW_CHROMIUM=$CHROMIUM
SW_KEY_A=$(new_key verified-scraper)
SW_KEY_B=$(new_key unverified-scraper)
run_node gw_stepup.mjs
stop_gateway
# what is stored: one passkey, for the account that passed, and its step-up
rows=$(python3 - "$STATE/stillwatch.db" << 'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
creds = db.execute("select account, alg, length(public_key), sign_count from stepup_credentials").fetchall()
passed = db.execute("select account from stepup_passed").fetchall()
left = db.execute("select count(*) from stepup_challenges").fetchone()[0]
print(repr((creds, passed, left)))
PY
)
case "$rows" in
  "([('verified-scraper', -7, 65, "*"[('verified-scraper',)]"*) ;;
  *) fail "stored step-up state is not one ES256 passkey and one step-up of verified-scraper: $rows" ;;
esac

# the administrator's view: list the passkey, refuse to remove it from the
# wrong account, remove it from its own (which also ends its step-up pass)
"$BIN" account passkeys --state "$STATE" --id verified-scraper > "$WORK/pk.out" 2> "$WORK/pk.err" \
  || fail "account passkeys: $(cat "$WORK/pk.err")"
[ "$(wc -l < "$WORK/pk.out")" = 1 ] || fail "expected one passkey line: $(cat "$WORK/pk.out")"
cred=$(python3 -c 'import json,sys; p=json.loads(open(sys.argv[1]).read())
assert p["account"]=="verified-scraper" and p["alg"]=="ES256", p
assert p["last_used_at"] and p["created_at"] <= p["last_used_at"], p
print(p["credential"])' "$WORK/pk.out") || fail "passkey line: $(cat "$WORK/pk.out")"
[[ "$cred" =~ ^[A-Za-z0-9_-]+$ ]] || fail "credential id is not base64url: $cred"
"$BIN" account passkeys --state "$STATE" --id unverified-scraper > "$WORK/pk2.out" || fail "passkeys of an account with none"
[ ! -s "$WORK/pk2.out" ] || fail "unverified-scraper has no passkey: $(cat "$WORK/pk2.out")"
"$BIN" account passkeys --state "$STATE" --id nobody > /dev/null 2> "$WORK/pk3.err" && fail "passkeys of a missing account succeeded"
grep -q "no account 'nobody'" "$WORK/pk3.err" || fail "missing account message: $(cat "$WORK/pk3.err")"
set +e
"$BIN" account passkey-remove --state "$STATE" --id verified-scraper --credential 'not base64!' 2> "$WORK/rm.err"
[ $? = 2 ] || fail "a malformed credential id is a usage error"
"$BIN" account passkey-remove --state "$STATE" --id unverified-scraper --credential "$cred" 2> "$WORK/rm.err"
[ $? = 1 ] || fail "removing another account's passkey must fail"
set -e
grep -q "has no passkey" "$WORK/rm.err" || fail "wrong-account message: $(cat "$WORK/rm.err")"
"$BIN" account passkey-remove --state "$STATE" --id verified-scraper --credential "$cred" > "$WORK/rm.out" 2> "$WORK/rm.err" \
  || fail "passkey-remove: $(cat "$WORK/rm.err")"
grep -q '"removed":true' "$WORK/rm.out" || fail "passkey-remove output: $(cat "$WORK/rm.out")"
"$BIN" account passkeys --state "$STATE" --id verified-scraper > "$WORK/pk.out" || fail "passkeys after removal"
[ ! -s "$WORK/pk.out" ] || fail "the passkey is still listed: $(cat "$WORK/pk.out")"
left=$(python3 -c 'import sqlite3,sys; db=sqlite3.connect(sys.argv[1])
print(db.execute("select count(*) from stepup_credentials").fetchone()[0], db.execute("select count(*) from stepup_passed").fetchone()[0])' "$STATE/stillwatch.db")
[ "$left" = "0 0" ] || fail "after removal: credentials and passes left: $left"
sw_done gateway_stepup
