#!/usr/bin/env bash
# The main job, on a fresh machine: start the services, build, start every worker and the dashboard,
# ingest a folder (or a generated sample set), cluster it, print the clusters and the dashboard URL.
#   ./run.sh [folder]     ingest and cluster this folder (default: 300 generated images in 8 groups)
#   ./run.sh --workers    only start the services, every worker and the dashboard (scripts/load.sh uses it)
#   ./run.sh --stop       stop the workers and the dashboard started by an earlier run
set -euo pipefail
cd "$(dirname "$0")"
state=.run; mkdir -p "$state/logs"
DASHBOARD_URL=${DASHBOARD_URL:-http://127.0.0.1:5000}

stop_workers() {
  for pid in "$state"/*.pid; do
    [ -e "$pid" ] || continue
    kill "$(cat "$pid")" 2>/dev/null || true; rm -f "$pid"
  done
}
if [ "${1:-}" = --stop ]; then stop_workers; echo "stopped"; exit 0; fi
if [ "${1:-}" = --help ] || [ "${1:-}" = -h ]; then sed -n '2,6p' "$0"; exit 0; fi

if [ "$(id -u)" = 0 ]; then scripts/services.sh; else sudo scripts/services.sh; fi
. scripts/services-env.sh
export Ingest__DerivativesPath=${Ingest__DerivativesPath:-$PWD/$state/derivatives}
export Detect__DerivativesPath=${Detect__DerivativesPath:-$Ingest__DerivativesPath}
export Media__DerivativesPath=${Media__DerivativesPath:-$Ingest__DerivativesPath}

echo "==> building"
dotnet build Pipeline.sln -c Release -nologo -clp:ErrorsOnly
bin() { echo "src/$1/bin/Release/net10.0/$2.dll"; }
# Each service reads appsettings.json from its content root, which is its build folder.
start() { nohup dotnet "$1" --contentRoot "$PWD/$(dirname "$1")" >"$2" 2>&1 & }
pipeline() { ./pipeline "$@"; }
dotnet "$(bin Migrator Pipeline.Migrator)" --contentRoot "$PWD/$(dirname "$(bin Migrator Pipeline.Migrator)")"

echo "==> starting workers (logs in $state/logs)"
stop_workers
port=5101
for w in Ingest Detect Embed Cluster; do
  ASPNETCORE_URLS=http://127.0.0.1:$port start "$(bin $w.Worker Pipeline.$w.Worker)" "$state/logs/$w.log"
  echo $! >"$state/$w.pid"; urls+=("http://127.0.0.1:$port"); port=$((port + 1))
done
ASPNETCORE_URLS=$DASHBOARD_URL start "$(bin Dashboard Pipeline.Dashboard)" "$state/logs/Dashboard.log"
echo $! >"$state/Dashboard.pid"; urls+=("$DASHBOARD_URL")
for u in "${urls[@]}"; do
  for _ in $(seq 120); do curl -fs -o /dev/null "$u/health" && break; sleep 0.5; done
  curl -fs -o /dev/null "$u/health" || { echo "service at $u is not healthy; see $state/logs" >&2; exit 1; }
done
[ "${1:-}" = --workers ] && exit 0

folder=${1:-}
if [ -z "$folder" ]; then
  folder=$state/sample
  [ -d "$folder" ] || pipeline sample "$folder" --count 300 --groups 8
fi
echo "==> ingesting $folder"
pipeline ingest "$folder" --wait
echo "==> clustering (HDBSCAN)"
pipeline cluster --algorithm hdbscan --min-cluster-size 10 --model "${Embed__Models__0:-weightfree-v1}" --wait
echo
echo "Dashboard: $DASHBOARD_URL   (workers keep running; ./run.sh --stop stops them)"
echo "Export a run: ./pipeline export <run-id> <dir>   (more: ./pipeline --help)"
