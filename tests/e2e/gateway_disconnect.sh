#!/usr/bin/env bash
# Clients that leave mid-exchange (tests/node/gw_disconnect.mjs): after each
# abort the gateway still serves /healthz and the next request, and closes
# the model server's stream it no longer needs. At the end the gateway must
# stop cleanly on SIGTERM; under AddressSanitizer (make test SANITIZE=1) that
# exit is where leaks of the aborted exchanges are reported.
. "$(dirname "$0")/common.bash"
. "$(dirname "$0")/../upstream/harness.bash"
start_upstream --delay-ms 50 --tokens 100
write_config "$WORK/gw.yaml"
start_gateway --config "$WORK/gw.yaml"
account leaver business tier2
export SW_KEY SW_MODEL=sw-small
SW_KEY=$(new_key leaver)
run_node gw_disconnect.mjs
stop_gateway
sw_done gateway_disconnect
