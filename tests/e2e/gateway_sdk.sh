#!/usr/bin/env bash
# The official OpenAI and Anthropic clients through `stillwatch serve`: chat
# completions plain and streamed (the first chunk must reach the client long
# before the model server finishes), legacy completions, the Responses API,
# Anthropic Messages plain and streamed; what reached the model server is what
# the client sent.
. "$(dirname "$0")/common.bash"
. "$(dirname "$0")/../upstream/harness.bash"
start_upstream --delay-ms 25 --tokens 40
write_config "$WORK/gw.yaml"
start_gateway --config "$WORK/gw.yaml"
account acme business tier2
SW_KEY=$(new_key acme)
export SW_KEY SW_DELAY_MS=25 SW_TOKENS=40 SW_MODEL=sw-small
run_node gw_sdk.mjs
stop_gateway
sw_done gateway_sdk
