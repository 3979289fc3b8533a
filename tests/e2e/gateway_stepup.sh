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
sw_done gateway_stepup
