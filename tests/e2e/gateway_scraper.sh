#!/usr/bin/env bash
# Online detection end to end (tests/node/gw_scraper.mjs): a naive scraper on
# one key — templated step-by-step prompts with maximal max_tokens, fired
# back to back from a generic HTTP library — is refused with a detector
# decision or flagged in /metrics within its first 200 requests, while a
# normal user on the same gateway, with the same weak verification, is served
# throughout and never flagged. Both tiers' rate limits are far above what
# either sends, so only the detector can stop the scraper.
. "$(dirname "$0")/common.bash"
. "$(dirname "$0")/../upstream/harness.bash"
start_upstream --tokens 16
write_config "$WORK/gw.yaml" '  tier3:
    models: ["*"]
    requests_per_minute: 100000
    tokens_per_minute: 0'
start_gateway --config "$WORK/gw.yaml"
account normal-user email tier2
account scraper email tier3
export SW_KEY_USER SW_KEY_SCRAPER SW_TIER_USER=tier2 SW_TIER_SCRAPER=tier3 SW_MODEL=sw-large
SW_KEY_USER=$(new_key normal-user)
SW_KEY_SCRAPER=$(new_key scraper)
run_node gw_scraper.mjs
stop_gateway
sw_done gateway_scraper
