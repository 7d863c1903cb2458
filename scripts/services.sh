#!/usr/bin/env bash
# Install (if missing) and start the pipeline's services on loopback, as root, on Debian 12:
#   PostgreSQL 15 + pgvector on 127.0.0.1:5432 (role/db "pipeline", password "pipeline"),
#   RabbitMQ on 127.0.0.1:5672 with the management API on 127.0.0.1:15672 (guest/guest),
#   and Debian's chromium for the browser tests (scripts/browser.sh).
# Usage: scripts/services.sh [--stop | --restart-broker [S] | --restart-db [S]]. Idempotent: a second run only
# checks, in a few seconds. --restart-* stop a running service, leave it down S seconds (default 3), start it and wait
# until it answers: the fault-injection tests use them. Connection settings for the app/tests: `. scripts/services-env.sh`.
# The restarts act on a second, private set of services (to run the fault tests beside other tests) when given
# PIPELINE_PG_CLUSTER / PIPELINE_PG_PORT, RabbitMQ's own RABBITMQ_NODENAME / RABBITMQ_CONFIG_FILE and RabbitMq__ManagementUrl.
set -euo pipefail

PG_VER=15 PG_CLUSTER=${PIPELINE_PG_CLUSTER:-main} PG_PORT=${PIPELINE_PG_PORT:-5432} BUILD_DIR=/var/cache/pipeline-build
PG_BIN=/usr/lib/postgresql/$PG_VER/bin PG_ETC=/etc/postgresql/$PG_VER/$PG_CLUSTER
VECTOR_CONTROL=/usr/share/postgresql/$PG_VER/extension/vector.control
RMQ_API=${RabbitMq__ManagementUrl:-http://127.0.0.1:15672}/api/overview RMQ_LOG=/var/log/rabbitmq/pipeline-console.log
TEMP_POLICY=   # set when we create /usr/sbin/policy-rc.d, so that it is removed on exit

log() { printf '==> %s\n' "$*"; }
die() { printf 'services.sh: ERROR: %s\n' "$*" >&2; exit 1; }
trap 'printf "services.sh: FAILED (exit %s) at line %s: %s\n" "$?" "$LINENO" "$BASH_COMMAND" >&2' ERR
trap '[ -z "$TEMP_POLICY" ] || rm -f "$TEMP_POLICY"' EXIT

[ "$(id -u)" = 0 ] || die "must run as root"
export DEBIAN_FRONTEND=noninteractive
has_systemd() { [ -d /run/systemd/system ]; }   # containers (e.g. gVisor, docker) have no systemd
as_pg() { (cd / && runuser -u postgres -- "$@"); }  # peer auth over the unix socket
installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'ok installed'; }
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
rmq_running() { pgrep -u rabbitmq -x beam.smp >/dev/null; }   # any node of the rabbitmq user
rmq_api_up() { curl -fsS -m 3 -o /dev/null -u guest:guest "$RMQ_API" 2>/dev/null; }
pg_running() { pg_ctlcluster "$PG_VER" "$PG_CLUSTER" status >/dev/null 2>&1; }
# Daemons must not inherit our file descriptors: a caller reading our output through a pipe
# (CI, `| tee`) would otherwise wait for EOF as long as the servers run.
close_fds() { local fd; for fd in /proc/$BASHPID/fd/*; do fd=${fd##*/}; [ "$fd" -le 2 ] || eval "exec $fd>&-"; done; }
# Write $2 to file $1 only if it differs; status 0 means "changed".
put() { [ -f "$1" ] && [ "$(cat "$1")" = "$2" ] && return 1; mkdir -p "$(dirname "$1")"; printf '%s\n' "$2" >"$1"; }
pg_start() {
  (close_fds; exec pg_ctlcluster "$PG_VER" "$PG_CLUSTER" start)
  for _ in $(seq 30); do pg_isready -q -h 127.0.0.1 -p "$PG_PORT" && break; sleep 1; done
  pg_isready -q -h 127.0.0.1 -p "$PG_PORT" || die "PostgreSQL does not answer on 127.0.0.1:$PG_PORT (see /var/log/postgresql/)"
}
rmq_stop() { if has_systemd; then systemctl stop rabbitmq-server; else rabbitmqctl shutdown >/dev/null; fi; }
rmq_start() {
  log "starting RabbitMQ (log: $RMQ_LOG)"
  if has_systemd; then systemctl start rabbitmq-server
  else  # no init system: run the server as its own user, in its own session, like the unit does
    (close_fds; cd /var/lib/rabbitmq; export HOME=/var/lib/rabbitmq
     exec setsid runuser -u rabbitmq -- /usr/lib/rabbitmq/bin/rabbitmq-server >>"$RMQ_LOG" 2>&1 </dev/null) &
    rmq_pid=$!
  fi
  for _ in $(seq 120); do  # boot takes ~5-10 s; give up early if the server process died
    rmq_api_up && break; [ -z "${rmq_pid:-}" ] || kill -0 "$rmq_pid" 2>/dev/null || break; sleep 1
  done
  rmq_api_up || { tail -n 30 "$RMQ_LOG" >&2 || true; die "RabbitMQ management API does not answer on $RMQ_API"; }
}

if [ "${1:-}" = --stop ]; then
  log "stopping RabbitMQ"
  if has_systemd; then systemctl stop rabbitmq-server || true
  elif port_open 5672; then rabbitmqctl stop || true; fi
  log "stopping PostgreSQL $PG_VER/$PG_CLUSTER"
  if pg_running; then pg_ctlcluster "$PG_VER" "$PG_CLUSTER" stop; fi
  exit 0
fi
# Restarts for fault injection: a clean stop (clients see their connections closed), a pause, a start.
if [ "${1:-}" = --restart-broker ]; then
  rmq_api_up || die "RabbitMQ is not running: run $0 first"
  log "stopping RabbitMQ for ${2:-3} s"; rmq_stop; sleep "${2:-3}"; rmq_start; log "RabbitMQ is back"; exit 0
fi
if [ "${1:-}" = --restart-db ]; then
  pg_running || die "PostgreSQL $PG_VER/$PG_CLUSTER is not running: run $0 first"
  log "stopping PostgreSQL $PG_VER/$PG_CLUSTER for ${2:-3} s"
  pg_ctlcluster "$PG_VER" "$PG_CLUSTER" stop -m fast; sleep "${2:-3}"; pg_start; log "PostgreSQL is back"; exit 0
fi
[ $# -eq 0 ] || die "unknown argument: $1 (usage: $0 [--stop | --restart-broker [S] | --restart-db [S]])"

# ---- 1. Debian packages (only what is missing, so reruns never touch apt) -------------------
pkgs=(postgresql-$PG_VER rabbitmq-server curl ca-certificates)
[ -f "$VECTOR_CONTROL" ] || pkgs+=(postgresql-server-dev-$PG_VER dpkg-dev build-essential)
missing=(); for p in "${pkgs[@]}"; do installed "$p" || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
  log "installing: ${missing[*]}"
  # Keep postinst scripts from starting the daemons with their default (all-interfaces)
  # configuration, and from failing where there is no init system: we start them below.
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    TEMP_POLICY=/usr/sbin/policy-rc.d; printf '#!/bin/sh\nexit 101\n' >"$TEMP_POLICY"; chmod +x "$TEMP_POLICY"
  fi
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  log "packages already installed"
fi

# ---- 2. pgvector, built from Debian's trixie source package (no bookworm binary exists) -----
if [ ! -f "$VECTOR_CONTROL" ]; then
  # Reuse the Debian mirror this machine is already configured with (never hard-code a host).
  uri=$(awk '/^URIs:/ { for (i = 2; i <= NF; i++) if ($i !~ /security/) { print $i; exit } }' \
          /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)
  [ -n "$uri" ] || uri=$(awk '$1 == "deb" { for (i = 2; i <= NF; i++) if ($i ~ /:\/\//) {
          if ($i !~ /security/) { print $i; exit } else next } }' /etc/apt/sources.list 2>/dev/null || true)
  [ -n "$uri" ] || die "no Debian URI found in /etc/apt/sources.list.d/debian.sources or /etc/apt/sources.list"
  log "building pgvector from the trixie source package via $uri"
  rm -rf "$BUILD_DIR"; mkdir -p "$BUILD_DIR/src" "$BUILD_DIR/no-parts"
  # The deb-src entry lives in a private list that only these two apt calls read: the system's
  # sources stay bookworm-only, so nothing can ever be upgraded from trixie, and apt's own
  # caches are left alone (List-Cleanup=0 keeps the bookworm indexes).
  keyring=/usr/share/keyrings/debian-archive-keyring.gpg
  { echo "Types: deb-src"; echo "URIs: $uri"; echo "Suites: trixie"; echo "Components: main"
    [ -f "$keyring" ] && echo "Signed-By: $keyring"; } >"$BUILD_DIR/trixie-src.sources"
  apt_trixie=(-o "Dir::Etc::SourceList=$BUILD_DIR/trixie-src.sources" -o "Dir::Etc::SourceParts=$BUILD_DIR/no-parts"
              -o APT::Get::List-Cleanup=0 -o Dir::Cache::pkgcache= -o Dir::Cache::srcpkgcache=
              -o APT::Sandbox::User=root)
  apt-get "${apt_trixie[@]}" update -qq
  (cd "$BUILD_DIR/src" && apt-get "${apt_trixie[@]}" source -qq pgvector >/dev/null)
  src=$(find "$BUILD_DIR/src" -mindepth 1 -maxdepth 1 -type d -name 'pgvector-*' | head -n1)
  [ -n "$src" ] || die "apt-get source pgvector produced no source tree in $BUILD_DIR/src"
  # OPTFLAGS= drops upstream's -march=native (as Debian's own build does): the machine image
  # may be resumed on another CPU model, where such a binary could die with SIGILL.
  make -s -C "$src" PG_CONFIG="$PG_BIN/pg_config" OPTFLAGS= >/dev/null
  make -s -C "$src" PG_CONFIG="$PG_BIN/pg_config" OPTFLAGS= install >/dev/null
  [ -f "$VECTOR_CONTROL" ] || die "pgvector installed, but $VECTOR_CONTROL is missing"
  log "pgvector $(basename "$src") installed"
else
  log "pgvector already installed ($VECTOR_CONTROL)"
fi

# ---- 3. PostgreSQL: cluster 15/main on 127.0.0.1:5432 ---------------------------------------
# The package's postinst creates 15/main; a machine whose cluster was dropped needs a new one.
if [ ! -f "$PG_ETC/postgresql.conf" ]; then
  log "creating cluster $PG_VER/$PG_CLUSTER"
  # pg_dropcluster leaves our conf.d file behind, and pg_createcluster refuses a non-empty dir.
  rm -f "$PG_ETC/conf.d/pipeline.conf"; rmdir "$PG_ETC/conf.d" "$PG_ETC" 2>/dev/null || true
  pg_createcluster "$PG_VER" "$PG_CLUSTER" >/dev/null
fi
pg_changed=0
put "$PG_ETC/conf.d/pipeline.conf" "listen_addresses = '127.0.0.1'
port = 5432" && pg_changed=1
# Debian's default pg_hba.conf already has this line; add it if someone removed it.
if ! grep -Eq '^host\s+all\s+all\s+127\.0\.0\.1/32\s+(scram-sha-256|md5)' "$PG_ETC/pg_hba.conf"; then
  echo 'host all all 127.0.0.1/32 scram-sha-256' >>"$PG_ETC/pg_hba.conf"; pg_changed=1
fi
if pg_running && [ $pg_changed = 1 ]; then
  log "restarting PostgreSQL (configuration changed)"; (close_fds; exec pg_ctlcluster "$PG_VER" "$PG_CLUSTER" restart)
elif ! pg_running; then
  log "starting PostgreSQL $PG_VER/$PG_CLUSTER"; pg_start
fi
export PGPASSWORD=pipeline   # tests create throwaway databases, hence SUPERUSER
if ! psql -h 127.0.0.1 -U pipeline -d postgres -tAc 'select 1' >/dev/null 2>&1; then
  log "creating/resetting role pipeline"
  as_pg psql -qX -v ON_ERROR_STOP=1 -c "DO \$\$ BEGIN
    IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'pipeline') THEN ALTER ROLE pipeline LOGIN SUPERUSER PASSWORD 'pipeline';
    ELSE CREATE ROLE pipeline LOGIN SUPERUSER PASSWORD 'pipeline'; END IF; END \$\$;"
fi
if [ -z "$(as_pg psql -XtAc "SELECT 1 FROM pg_database WHERE datname = 'pipeline'")" ]; then
  log "creating database pipeline"; as_pg createdb -O pipeline pipeline
fi
vec=$(psql -X -h 127.0.0.1 -U pipeline -d pipeline -v ON_ERROR_STOP=1 -tAq -c "SET client_min_messages = warning" \
        -c "CREATE EXTENSION IF NOT EXISTS vector" -c "SELECT '[1,2,3]'::vector <-> '[1,2,3]'::vector" \
        -c "SELECT extversion FROM pg_extension WHERE extname = 'vector'" | tail -n1) \
  || die "CREATE EXTENSION vector failed in database pipeline"
log "PostgreSQL ready on 127.0.0.1:5432, database pipeline, extension vector $vec"

# ---- 4. RabbitMQ on loopback with the management plugin ------------------------------------
# A fixed node name on "localhost" works whatever the machine's hostname is (or resolves to);
# epmd and the Erlang distribution port are kept on loopback too.
rmq_changed=0
put /etc/rabbitmq/rabbitmq-env.conf 'NODENAME=rabbit@localhost
export ERL_EPMD_ADDRESS=127.0.0.1
SERVER_ADDITIONAL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}"' && rmq_changed=1
put /etc/rabbitmq/rabbitmq.conf 'listeners.tcp.default = 127.0.0.1:5672
management.tcp.ip = 127.0.0.1
management.tcp.port = 15672
loopback_users.guest = true' && rmq_changed=1
# Same file `rabbitmq-plugins enable --offline rabbitmq_management` writes, without an Erlang VM.
put /etc/rabbitmq/enabled_plugins '[rabbitmq_management].' && rmq_changed=1
chown -R rabbitmq:rabbitmq /etc/rabbitmq
if rmq_running && { [ $rmq_changed = 1 ] || ! rmq_api_up; }; then
  log "stopping RabbitMQ to apply configuration"
  rmq_stop || true
  for _ in $(seq 30); do rmq_running || break; sleep 1; done
  ! rmq_running || die "could not stop the running RabbitMQ node (rabbitmqctl stop); stop it by hand"
fi
if ! rmq_api_up; then
  ! port_open 5672 || die "127.0.0.1:5672 is already taken by a process that is not our RabbitMQ"
  rmq_start
fi
ver=$(curl -fsS -u guest:guest "$RMQ_API" | grep -o '"rabbitmq_version":"[^"]*"' | cut -d'"' -f4)
log "RabbitMQ $ver ready on 127.0.0.1:5672, management API on 127.0.0.1:15672 (guest/guest)"
# ---- 5. Debian's Chromium for the real-browser tests ------------------------------------------
"$(dirname "$0")/browser.sh"
log "done: source scripts/services-env.sh for the connection settings"
