# Building, starting and stopping the pipeline's processes; sourced from the repository root by run.sh and
# scripts/bench-scale.sh. Set `state` (pid files and logs go there) before sourcing.
mkdir -p "$state/logs"

# The services (PostgreSQL + pgvector, RabbitMQ) running, and their settings in the environment.
services_up() {
  if [ "$(id -u)" = 0 ]; then scripts/services.sh; else sudo scripts/services.sh; fi
  . scripts/services-env.sh
}

bin() { echo "src/$1/bin/Release/net10.0/$2.dll"; }

# start DLL LOG: one process in the background; it reads appsettings.json from its content root, its build folder.
start() { nohup dotnet "$1" --contentRoot "$PWD/$(dirname "$1")" >"$2" 2>&1 & }

migrate() { dotnet "$(bin Migrator Pipeline.Migrator)" --contentRoot "$PWD/$(dirname "$(bin Migrator Pipeline.Migrator)")"; }

# start_worker Embed PORT [NAME]: a worker on 127.0.0.1:PORT, logged and remembered as NAME (default: Embed).
start_worker() {
  local name=${3:-$1}
  ASPNETCORE_URLS=http://127.0.0.1:$2 start "$(bin "$1.Worker" "Pipeline.$1.Worker")" "$state/logs/$name.log"
  echo $! >"$state/$name.pid"
}

# wait_healthy URL...: each answers /health within a minute, or the script stops.
wait_healthy() {
  local u
  for u in "$@"; do
    for _ in $(seq 120); do curl -fs -o /dev/null "$u/health" && break; sleep 0.5; done
    curl -fs -o /dev/null "$u/health" || { echo "service at $u is not healthy; see $state/logs" >&2; exit 1; }
  done
}

# stop_workers [NAME...]: stop these (default: every process started under $state) and wait until they have exited,
# so a stopped consumer holds no messages and its heartbeat row is gone.
stop_workers() {
  local pid names=("$@") n p
  if [ ${#names[@]} = 0 ]; then
    for p in "$state"/*.pid; do if [ -e "$p" ]; then names+=("$(basename "$p" .pid)"); fi; done
  fi
  for n in "${names[@]}"; do
    [ -e "$state/$n.pid" ] || continue
    pid=$(cat "$state/$n.pid"); rm -f "$state/$n.pid"
    kill "$pid" 2>/dev/null || continue
    for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
  done
}
