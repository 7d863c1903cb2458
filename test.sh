#!/usr/bin/env bash
# Runs every test against the real services: installs and starts PostgreSQL + pgvector and RabbitMQ
# (scripts/services.sh, needs root), builds the solution, runs all test projects, then the fault-injection suite alone.
# Arguments (e.g. --filter ...) run that selection instead.
set -euo pipefail
cd "$(dirname "$0")"
if [ "$(id -u)" = 0 ]; then scripts/services.sh; else sudo scripts/services.sh; fi
. scripts/services-env.sh
dotnet build Pipeline.sln -c Release -nologo -clp:ErrorsOnly
log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
if [ $# -gt 0 ]; then  # a run of the caller's choosing, e.g. --filter FullyQualifiedName~JobControlTests
  dotnet test Pipeline.sln -c Release --no-build -nologo --logger "console;verbosity=normal" "$@" | tee "$log" || status=$?
else
  dotnet test Pipeline.sln -c Release --no-build -nologo --logger "console;verbosity=normal" --filter "Category!=Fault" | tee "$log" || status=$?
  # The fault-injection suite restarts PostgreSQL and RabbitMQ, which would break tests running beside it: alone, last.
  # Detailed, so its summary of what was killed or restarted when, and the counts, shows in the log.
  dotnet test tests/Integration.Tests -c Release --no-build -nologo --logger "console;verbosity=detailed" --filter "Category=Fault" \
    | tee -a "$log" || status=$?
fi
# One closing line over all test runs.
awk '/^ +Passed: /{p+=$2} /^ +Failed: /{f+=$2} END{printf "%d passed, %d failed\n", p, f}' "$log"
exit $status
