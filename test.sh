#!/usr/bin/env bash
# Runs every test against the real services: installs and starts PostgreSQL + pgvector and RabbitMQ
# (scripts/services.sh, needs root), builds the solution, runs all test projects.
set -euo pipefail
cd "$(dirname "$0")"
if [ "$(id -u)" = 0 ]; then scripts/services.sh; else sudo scripts/services.sh; fi
. scripts/services-env.sh
dotnet build Pipeline.sln -c Release -nologo -clp:ErrorsOnly
log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
dotnet test Pipeline.sln -c Release --no-build -nologo --logger "console;verbosity=normal" "$@" | tee "$log" || status=$?
# One closing line over all test projects.
awk '/^ +Passed: /{p+=$2} /^ +Failed: /{f+=$2} END{printf "%d passed, %d failed\n", p, f}' "$log"
exit $status
