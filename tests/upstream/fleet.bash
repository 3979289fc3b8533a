# fleet.bash — what the fleet's end-to-end tests share, sourced after
# harness.bash: a real redis-server on a free loopback port (its own
# directory, AOF on, no RDB snapshots), gateways that share it, and the
# detect worker. Every process is stopped on exit with the harness's.
#
# With SW_FLEET_TLS=1 in the environment (tests/CMakeLists.txt runs the
# fleet tests a second time so), the server listens for TLS only, with a
# certificate for localhost and 127.0.0.1 from a throwaway CA made here
# (valid one day, in $WORK/tls), and REDIS_URL is rediss://…?ca=CA: the
# same tests then run every Redis call of the fleet over TLS.
command -v redis-server > /dev/null || fail "redis-server is not installed (scripts/setup.sh installs it)"
command -v redis-cli > /dev/null || fail "redis-cli is not installed (scripts/setup.sh installs it)"

# tls_certs: the CA ($TLS_CA) and the server's certificate, once per test;
# new_cert NAME SUBJECT_ALT_NAMES [CA_PREFIX] signs more (NAME.pem, NAME.key).
TLS_DIR=$WORK/tls
TLS_CA=$TLS_DIR/ca.pem
new_ca() { # new_ca PREFIX CN
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 1 -subj "/CN=$2" \
    -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign \
    -keyout "$TLS_DIR/$1.key" -out "$TLS_DIR/$1.pem" 2> "$TLS_DIR/openssl.err" \
    || fail "openssl could not make a CA: $(cat "$TLS_DIR/openssl.err")"
}
new_cert() {
  local ca=${3:-ca}
  openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj "/CN=$1" \
    -keyout "$TLS_DIR/$1.key" -out "$TLS_DIR/$1.csr" 2> "$TLS_DIR/openssl.err" \
    && openssl x509 -req -in "$TLS_DIR/$1.csr" -CA "$TLS_DIR/$ca.pem" -CAkey "$TLS_DIR/$ca.key" -CAcreateserial \
      -days 1 -extfile <(printf 'subjectAltName=%s\nextendedKeyUsage=serverAuth,clientAuth\n' "$2") \
      -out "$TLS_DIR/$1.pem" 2> "$TLS_DIR/openssl.err" \
    || fail "openssl could not sign a certificate for $1: $(cat "$TLS_DIR/openssl.err")"
}
tls_certs() {
  [ -f "$TLS_DIR/server.pem" ] && return 0
  command -v openssl > /dev/null || fail "openssl is not installed"
  mkdir -p "$TLS_DIR"
  new_ca ca stillwatch-test-ca
  new_cert server DNS:localhost,IP:127.0.0.1
}

# start_redis: sets RPID, RPORT, REDIS_URL, RTLS; data in $WORK/redis. TLS when
# SW_FLEET_TLS=1.
start_redis() {
  RPORT=${RPORT:-$(free_port)}
  mkdir -p "$WORK/redis"
  if [ "${SW_FLEET_TLS:-0}" = 1 ]; then
    tls_certs
    redis-server --port 0 --tls-port "$RPORT" --bind 127.0.0.1 --tls-cert-file "$TLS_DIR/server.pem" \
      --tls-key-file "$TLS_DIR/server.key" --tls-ca-cert-file "$TLS_CA" --tls-auth-clients no \
      --dir "$WORK/redis" --appendonly yes --save '' --daemonize no --logfile "$WORK/redis.log" &
    RTLS=1
    REDIS_URL="rediss://localhost:$RPORT?ca=$TLS_CA"
  else
    redis-server --port "$RPORT" --bind 127.0.0.1 --dir "$WORK/redis" --appendonly yes --save '' \
      --daemonize no --logfile "$WORK/redis.log" &
    RTLS=0
    REDIS_URL=redis://127.0.0.1:$RPORT
  fi
  RPID=$!
  SW_PIDS+=("$RPID")
  local i
  for i in $(seq 100); do
    [ "$(rcli ping 2> /dev/null)" = PONG ] && return 0
    sleep 0.05
  done
  fail "redis-server did not answer on port $RPORT within 5 s: $(tail -n 5 "$WORK/redis.log")"
}

# stop_redis [SIGNAL]: KILL by default (the AOF is written before replies).
stop_redis() {
  kill -"${1:-KILL}" "$RPID" 2> /dev/null || true
  wait "$RPID" 2> /dev/null || true
}

# rcli: redis-cli on the test's server (over TLS when it is TLS; a
# password in REDISCLI_AUTH, as redis-cli reads it).
rcli() {
  if [ "${RTLS:-0}" = 1 ]; then
    redis-cli --tls --cacert "$TLS_CA" -h localhost -p "$RPORT" "$@"
  else
    redis-cli -p "$RPORT" "$@"
  fi
}

# Secrets every gateway of the fleet shares: one pepper, one token key,
# created by the first administration command and copied to each gateway.
SECRETS=$WORK/secrets
mkdir -p "$SECRETS"

# fleet_account ID VERIFICATION TIER [extra account options]
fleet_account() {
  local id=$1 ver=$2 tier=$3
  shift 3
  "$BIN" account create --state "$REDIS_URL" --id "$id" --verification "$ver" --tier "$tier" "$@" \
    > "$WORK/account-$id.out" 2>&1 || fail "account create $id failed: $(cat "$WORK/account-$id.out")"
}

# fleet_key ACCOUNT: prints a new API key of ACCOUNT.
fleet_key() {
  local k
  k=$("$BIN" key create --state "$REDIS_URL" --secrets "$SECRETS" --account "$1" 2> "$WORK/key.err") \
    || fail "key create --account $1 failed: $(cat "$WORK/key.err")"
  printf '%s\n' "$k"
}

# start_fleet_gateway N [serve options]: gateway N (1, 2, …) on the shared
# Redis with its own state directory (secrets copied in); sets GW_N, GPID_N.
start_fleet_gateway() {
  local n=$1
  shift
  local dir=$WORK/gw$n port
  mkdir -p "$dir"
  chmod 700 "$dir"
  [ -f "$SECRETS/pepper" ] && cp -p "$SECRETS/pepper" "$dir/pepper"
  [ -f "$SECRETS/token.key" ] && cp -p "$SECRETS/token.key" "$dir/token.key"
  port=$(free_port)
  "$BIN" serve --listen "127.0.0.1:$port" --upstream "$UPSTREAM" --state "$REDIS_URL" --state-dir "$dir" \
    --threads 2 --drain-timeout 5 "$@" > "$WORK/gateway$n.log" 2>&1 &
  local pid=$!
  SW_PIDS+=("$pid")
  printf -v "GW_$n" '%s' "http://127.0.0.1:$port"
  printf -v "GPID_$n" '%s' "$pid"
  local i code
  for i in $(seq 150); do
    code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 1 "http://127.0.0.1:$port/healthz" || true)
    if [ "$code" = 200 ]; then
      # the first gateway made the fleet's token key: the others get a copy
      [ -f "$SECRETS/token.key" ] || cp -p "$dir/token.key" "$SECRETS/token.key"
      return 0
    fi
    kill -0 "$pid" 2> /dev/null || fail "gateway $n exited before it was ready: $(tail -n 20 "$WORK/gateway$n.log")"
    sleep 0.1
  done
  fail "gateway $n not ready within 15 s: $(tail -n 20 "$WORK/gateway$n.log")"
}

# stop_fleet_gateway N: as stop_gateway, for gateway N.
stop_fleet_gateway() {
  local n=$1 pid_var=GPID_$1
  GPID=${!pid_var}
  cp "$WORK/gateway$n.log" "$WORK/gateway.log"
  stop_gateway
}

# start_worker [detect options]: sets WPID.
start_worker() {
  "$BIN" detect --state "$REDIS_URL" "$@" > "$WORK/worker.log" 2>&1 &
  WPID=$!
  SW_PIDS+=("$WPID")
}

# post GW KEY BODY: prints the HTTP status of a chat completion.
post() {
  curl -s -o /dev/null -w '%{http_code}' --max-time 10 "$1/v1/chat/completions" \
    -H "authorization: Bearer $2" -H 'content-type: application/json' -d "$3"
}
