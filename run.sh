#!/usr/bin/env bash
# The main job, on a fresh machine: start the services, build, start every worker and the dashboard,
# ingest a folder (or a generated sample set), cluster it, print the clusters and the dashboard URL.
#   ./run.sh [folder]     ingest and cluster this folder (default: 300 generated images in 8 groups)
#   ./run.sh --workers    only start the services, every worker and the dashboard (scripts/load.sh uses it)
#   ./run.sh --stop       stop the workers and the dashboard started by an earlier run
set -euo pipefail
cd "$(dirname "$0")"
state=.run
. scripts/workers.sh
DASHBOARD_URL=${DASHBOARD_URL:-http://127.0.0.1:5000}

if [ "${1:-}" = --stop ]; then stop_workers; echo "stopped"; exit 0; fi
if [ "${1:-}" = --help ] || [ "${1:-}" = -h ]; then sed -n '2,6p' "$0"; exit 0; fi

services_up
export Ingest__DerivativesPath=${Ingest__DerivativesPath:-$PWD/$state/derivatives}
export Detect__DerivativesPath=${Detect__DerivativesPath:-$Ingest__DerivativesPath}
export Media__DerivativesPath=${Media__DerivativesPath:-$Ingest__DerivativesPath}

echo "==> building"
dotnet build Pipeline.sln -c Release -nologo -clp:ErrorsOnly
pipeline() { ./pipeline "$@"; }
migrate

echo "==> starting workers (logs in $state/logs)"
stop_workers
port=5101
for w in Ingest Detect Embed Cluster; do
  start_worker $w $port; urls+=("http://127.0.0.1:$port"); port=$((port + 1))
done
ASPNETCORE_URLS=$DASHBOARD_URL start "$(bin Dashboard Pipeline.Dashboard)" "$state/logs/Dashboard.log"
echo $! >"$state/Dashboard.pid"; urls+=("$DASHBOARD_URL")
wait_healthy "${urls[@]}"
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
