#!/usr/bin/env bash
# Competing consumers, measured: one stage's throughput with 1, 2, 4 ... processes on its one queue.
#   scripts/bench-scale.sh [--service embed|detect] [--processes 1,2,4] [--count 10000 (detect: 30000)] [--size 640x480]
# Each round gets a fresh database (pipeline_bench) and RabbitMQ virtual host (pipeline-bench), so nothing else
# consumes its queues. The stage's workers are stopped while Ingest (and Detect, for embed) fill its queue with the
# whole job; then N processes start, and `pipeline bench --stage` times them from the moment all N consume until the
# queue is done, reading each process's share from its heartbeat row. Models: Embed__Models__0... (default weight-free).
# The count must outlast the start of the last process (seconds on a busy machine): the window opens only then.
set -euo pipefail
cd "$(dirname "$0")/.."
service=embed processes=1,2,4 count= size=640x480
while [ $# -gt 0 ]; do
  case $1 in
    --service) service=$2; shift 2 ;;
    --processes) processes=$2; shift 2 ;;
    --count) count=$2; shift 2 ;;
    --size) size=$2; shift 2 ;;
    -h|--help) sed -n '2,8p' "$0"; exit 0 ;;
    *) echo "unknown option $1 (--help)" >&2; exit 2 ;;
  esac
done
# Whole-image detection is so cheap per message that the queue must be longer to outlast four processes' start.
case $service in embed) Measured=Embed; count=${count:-10000} ;; detect) Measured=Detect; count=${count:-30000} ;;
  *) echo "--service embed or detect" >&2; exit 2 ;; esac
state=.run/bench-scale
. scripts/workers.sh
services_up

db=pipeline_bench vhost=pipeline-bench
# psql on the server of ConnectionStrings__pipeline, with its credentials.
pg() {
  local parts part key host=127.0.0.1 port=5432 user=postgres password=
  IFS=';' read -ra parts <<<"$ConnectionStrings__pipeline"
  for part in "${parts[@]}"; do
    key=${part%%=*}
    case ${key,,} in host|server) host=${part#*=} ;; port) port=${part#*=} ;; username|user\ id|user) user=${part#*=} ;; password) password=${part#*=} ;; esac
  done
  PGPASSWORD=$password psql -h "$host" -p "$port" -U "$user" -d postgres -qAtc "$1"
}
rabbit() { curl -fsS -o /dev/null -u "$RabbitMq__ManagementUser:$RabbitMq__ManagementPassword" -H 'content-type: application/json' -X "$1" "$RabbitMq__ManagementUrl/api/$2" ${3:+-d "$3"}; }
reset() {
  pg "DROP DATABASE IF EXISTS $db WITH (FORCE)"
  rabbit DELETE "vhosts/$vhost" 2>/dev/null || true
  if [ "${1:-}" = --drop ]; then return; fi
  pg "CREATE DATABASE $db"
  rabbit PUT "vhosts/$vhost"
  rabbit PUT "permissions/$vhost/$RabbitMq__ManagementUser" '{"configure":".*","write":".*","read":".*"}'
}
finish() { stop_workers; reset --drop; }
trap finish EXIT

echo "==> building"
for p in Ingest.Worker Detect.Worker Embed.Worker Migrator Cli; do dotnet build "src/$p" -c Release -nologo -clp:ErrorsOnly; done
base=$ConnectionStrings__pipeline
if [[ ${base,,} == *database=* ]]; then
  export ConnectionStrings__pipeline=$(sed -E "s/([Dd]atabase=)[^;]*/\1$db/" <<<"$base")
else
  export ConnectionStrings__pipeline="$base;Database=$db"
fi
amqp=${ConnectionStrings__rabbitmq%/}
[[ ${amqp#*://} != */* ]] || amqp=${amqp%/*}   # drop the virtual host it names, if any
export ConnectionStrings__rabbitmq="$amqp/$vhost"
export Heartbeat__IntervalSeconds=1
export Ingest__DerivativesPath=$PWD/$state/derivatives Detect__DerivativesPath=$PWD/$state/derivatives
# The measured stage's queue is filled with the whole job on purpose: Ingest's back-pressure would hold it at its limit.
export Ingest__BackPressure__MaxPendingImages=0 Ingest__BackPressure__MaxPendingRegions=0

rows=()
for n in ${processes//,/ }; do
  echo "==> $n $Measured process(es): fresh database and virtual host, $count images"
  reset; migrate >/dev/null
  # One of each first, so every queue and binding exists; then the measured stage (and, for detect, Embed) stops.
  start_worker Ingest 5201; start_worker Detect 5202; start_worker Embed 5203
  wait_healthy http://127.0.0.1:5201 http://127.0.0.1:5202 http://127.0.0.1:5203
  stop_workers $Measured; [ $service = embed ] || stop_workers Embed
  log=$state/logs/bench-$n.log
  ./pipeline bench --stage "$service" --processes "$n" --count "$count" --width "${size%x*}" --height "${size#*x}" >"$log" 2>&1 &
  bench=$!
  until grep -q '^queue filled' "$log"; do
    kill -0 $bench 2>/dev/null || { cat "$log" >&2; exit 1; }
    sleep 0.5
  done
  grep '^queue filled' "$log"
  stop_workers Ingest Detect   # idle now; the measured processes get the machine
  for i in $(seq "$n"); do start_worker $Measured $((5210 + i)) "$Measured-$i"; done
  wait $bench || { cat "$log" >&2; exit 1; }
  tail -n 3 "$log" | head -n 1
  rows+=("$(tail -n 1 "$log")")
  stop_workers
done

echo
echo "$Measured stage, $count images of $size, weight-free unless Embed__Models__0 is set; $(nproc) cores; $(date -u +%FT%TZ)"
echo "processes  messages  window(s)  messages/s  per process  shares in the window"
printf '%s\n' "${rows[@]}"
