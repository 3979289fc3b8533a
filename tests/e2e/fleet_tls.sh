#!/usr/bin/env bash
# The fleet's shared state over TLS (rediss://) with a TLS-only
# redis-server and a throwaway CA: the connection's commands, pipelines,
# scripts and healing work over TLS (and, for comparison, over plain TCP,
# which shares the code); AUTH by password and by ACL user works over TLS; a
# server certificate from another CA, one for another host name, and a
# missing client certificate when the server asks for one are each refused
# with a clear error; a gateway configured with `state: rediss://…` serves
# requests and sends their events. (The limit across two gateways, the
# kill/restart of Redis and the detect worker run over TLS as
# e2e/fleet_*_tls: tests/CMakeLists.txt.)
. "$(dirname "$0")/common.bash"
. "$(dirname "$0")/../upstream/harness.bash"
. "$(dirname "$0")/../upstream/fleet.bash"
[ -x "${SW_REDIS_CHECK:-}" ] || fail "SW_REDIS_CHECK does not name the redis_check tool (tests/CMakeLists.txt sets it)"

# expect_refused WHAT URL PATTERN: an administration command on URL fails
# and says PATTERN.
expect_refused() {
  if "$BIN" account show --state "$2" --id nobody > "$WORK/refused.out" 2>&1; then
    fail "$1: the command succeeded: $(cat "$WORK/refused.out")"
  fi
  grep -q -- "$3" "$WORK/refused.out" || fail "$1: expected '$3' in: $(cat "$WORK/refused.out")"
  echo "$1: refused: $(head -n 1 "$WORK/refused.out")"
}

# 1. the connection over plain TCP, then over TLS
SW_FLEET_TLS=0 start_redis
"$SW_REDIS_CHECK" "$REDIS_URL" > "$WORK/check-plain.out" 2>&1 || fail "redis_check over redis://: $(cat "$WORK/check-plain.out")"
stop_redis KILL
unset RPORT
SW_FLEET_TLS=1 start_redis
case $REDIS_URL in rediss://localhost:*) ;; *) fail "start_redis did not start a TLS server: $REDIS_URL" ;; esac
"$SW_REDIS_CHECK" "$REDIS_URL" > "$WORK/check-tls.out" 2>&1 || fail "redis_check over rediss://: $(cat "$WORK/check-tls.out")"
echo "connection: commands, pipelines, scripts and healing over redis:// and rediss://"
URL_NOPW=$REDIS_URL
HOSTPORT=localhost:$RPORT

# 2. the certificate is checked: another CA's, another host's, none at all
new_ca other-ca another-test-ca
expect_refused "another CA" "rediss://$HOSTPORT?ca=$TLS_DIR/other-ca.pem" "certificate is not trusted by the CA file"
expect_refused "system CA store" "rediss://$HOSTPORT" "certificate is not trusted by the system's CA store"
# the server presents a certificate of the right CA for another name
new_cert other-host DNS:redis.other.test
rcli config set tls-cert-file "$TLS_DIR/other-host.pem" tls-key-file "$TLS_DIR/other-host.key" > /dev/null \
  || fail "CONFIG SET tls-cert-file failed"
expect_refused "wrong host name" "$URL_NOPW" "certificate is not for 'localhost'"
expect_refused "wrong address" "rediss://127.0.0.1:$RPORT?ca=$TLS_CA" "certificate is not for '127.0.0.1'"
rcli config set tls-cert-file "$TLS_DIR/server.pem" tls-key-file "$TLS_DIR/server.key" > /dev/null
# by address: the certificate names 127.0.0.1 too
"$BIN" account create --state "rediss://127.0.0.1:$RPORT?ca=$TLS_CA" --id by-address --verification email \
  --tier tier2 > "$WORK/by-address.out" 2>&1 || fail "rediss://127.0.0.1: $(cat "$WORK/by-address.out")"
expect_refused "unreadable CA file" "rediss://$HOSTPORT?ca=$TLS_DIR/missing.pem" "CA file '$TLS_DIR/missing.pem'"
expect_refused "plain client on the TLS port" "redis://127.0.0.1:$RPORT" "read: Connection reset by peer\\|server closed the connection"

# 3. client certificates, when the server asks for them
new_cert client DNS:stillwatch-client
rcli config set tls-auth-clients yes > /dev/null
expect_refused "no client certificate" "$URL_NOPW" "TLS"
"$BIN" account create --state "$URL_NOPW&cert=$TLS_DIR/client.pem&key=$TLS_DIR/client.key" --id client-cert \
  --verification email --tier tier2 > "$WORK/client-cert.out" 2>&1 || fail "client certificate: $(cat "$WORK/client-cert.out")"
rcli --cert "$TLS_DIR/client.pem" --key "$TLS_DIR/client.key" config set tls-auth-clients no > /dev/null
echo "client certificate: refused without one, served with one"

# 4. AUTH over TLS: the password alone, then an ACL user
rcli config set requirepass s3cret > /dev/null
export REDISCLI_AUTH=s3cret
URL_PW="rediss://:s3cret@$HOSTPORT/0?ca=$TLS_CA"
expect_refused "no password" "$URL_NOPW" "NOAUTH"
expect_refused "wrong password" "rediss://:wrong@$HOSTPORT?ca=$TLS_CA" "AUTH: WRONGPASS"
"$BIN" account create --state "$URL_PW" --id tls-pw --verification email --tier tier2 > "$WORK/pw.out" 2>&1 \
  || fail "requirepass over TLS: $(cat "$WORK/pw.out")"
rcli acl setuser gw on '>gw-pass' '~*' '&*' '+@all' > /dev/null || fail "ACL SETUSER failed"
URL_ACL="rediss://gw:gw-pass@$HOSTPORT/0?ca=$TLS_CA"
"$BIN" account show --state "$URL_ACL" --id tls-pw > "$WORK/acl.out" 2>&1 || fail "ACL user over TLS: $(cat "$WORK/acl.out")"
grep -q '"account":"tls-pw"' "$WORK/acl.out" || fail "ACL user read back: $(cat "$WORK/acl.out")"
expect_refused "wrong ACL password" "rediss://gw:nope@$HOSTPORT?ca=$TLS_CA" "AUTH: WRONGPASS"
echo "AUTH over TLS: password and ACL user accepted, wrong ones refused"

# 5. a gateway with `state: rediss://…` in its configuration
REDIS_URL=$URL_ACL
start_upstream --tokens 4
fleet_account tls-acct email tier2
KEY=$(fleet_key tls-acct)
mkdir -p "$WORK/gwc"
chmod 700 "$WORK/gwc"
cp -p "$SECRETS/pepper" "$WORK/gwc/pepper"
write_config "$WORK/gw.yaml" "state: \"$URL_ACL\"
state_dir: $WORK/gwc
redis:
  timeout_ms: 3000"
# tls_gateway THREADS: a gateway on $WORK/gw.yaml, waited for until it answers
tls_gateway() {
  GPORT=$(free_port)
  "$BIN" serve --listen "127.0.0.1:$GPORT" --upstream "$UPSTREAM" --config "$WORK/gw.yaml" --threads "$1" \
    --drain-timeout 5 > "$WORK/gateway.log" 2>&1 &
  GPID=$!
  SW_PIDS+=("$GPID")
  GW=http://127.0.0.1:$GPORT
  for i in $(seq 150); do
    [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 1 "$GW/healthz" || true)" = 200 ] && break
    kill -0 "$GPID" 2> /dev/null || fail "gateway exited: $(tail -n 20 "$WORK/gateway.log")"
    sleep 0.1
  done
}
tls_gateway 2
BODY='{"model":"sw-small","messages":[{"role":"user","content":"hello over TLS"}]}'
for i in 1 2 3; do
  c=$(post "$GW" "$KEY" "$BODY")
  [ "$c" = 200 ] || fail "gateway on rediss://: request $i answered $c: $(tail -n 5 "$WORK/gateway.log")"
done
for i in $(seq 50); do [ "$(rcli xlen sw:events)" -ge 3 ] && break; sleep 0.1; done
[ "$(rcli xlen sw:events)" -eq 3 ] || fail "stream holds $(rcli xlen sw:events) events after 3 requests"
[ "$(rcli hget 'sw:{tls-acct}:sum' events)" = 3 ] || fail "summary of tls-acct: $(rcli hgetall 'sw:{tls-acct}:sum')"
up=0
for i in $(seq 50); do curl -s "$GW/metrics" | grep -q '^stillwatch_redis_up 1' && { up=1; break; }; sleep 0.1; done
[ "$up" = 1 ] || fail "gateway /metrics: redis not up: $(curl -s "$GW/metrics" | grep redis); $(tail -n 5 "$WORK/gateway.log")"
echo "gateway: state: rediss://… served 3 requests; 3 events and their summary in Redis"
stop_gateway

# 6. a gateway whose CA file is missing does not start; one with the wrong
# CA starts, fails closed (503) and says why in its log
sed -i "s#?ca=$TLS_CA#?ca=$TLS_DIR/missing.pem#" "$WORK/gw.yaml"
if "$BIN" serve --listen "127.0.0.1:$(free_port)" --upstream "$UPSTREAM" --config "$WORK/gw.yaml" \
  > "$WORK/gateway-missing.log" 2>&1; then
  fail "a gateway with a missing CA file started"
fi
grep -q "CA file '$TLS_DIR/missing.pem'" "$WORK/gateway-missing.log" \
  || fail "missing CA file: $(cat "$WORK/gateway-missing.log")"
sed -i "s#?ca=$TLS_DIR/missing.pem#?ca=$TLS_DIR/other-ca.pem#" "$WORK/gw.yaml"
tls_gateway 1
c=$(post "$GW" "$KEY" "$BODY")
[ "$c" = 503 ] || fail "gateway with the wrong CA answered $c, not 503"
grep -q "certificate is not trusted by the CA file" "$WORK/gateway.log" \
  || fail "gateway with the wrong CA did not log why: $(tail -n 5 "$WORK/gateway.log")"
echo "gateway: a missing CA file stops the start; the wrong CA fails closed and is logged"
stop_gateway
sw_done fleet_tls
