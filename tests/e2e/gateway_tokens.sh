#!/usr/bin/env bash
# Device-bound access tokens: an API key and an Ed25519 public key buy a
# PASETO v4.public token at POST /v1/auth/token; requests with the token and
# a fresh SW-Proof succeed, with the OpenAI and Anthropic clients alike; a
# replayed, missing, misdirected or foreign proof, and an altered token, get
# 401; the token verifies with the reference paseto package under the
# gateway's public key (tests/node/gw_tokens.mjs).
. "$(dirname "$0")/common.bash"
. "$(dirname "$0")/../upstream/harness.bash"
start_upstream --tokens 8
write_config "$WORK/gw.yaml"
start_gateway --config "$WORK/gw.yaml"
account device-co business tier2
export SW_KEY SW_ACCOUNT=device-co SW_MODEL=sw-small SW_TOKEN_KEY_FILE=$STATE/token.key
SW_KEY=$(new_key device-co)
run_node gw_tokens.mjs
stop_gateway
sw_done gateway_tokens
