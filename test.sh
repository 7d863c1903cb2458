#!/usr/bin/env bash
# Runs every test against the real services: installs and starts PostgreSQL + pgvector and RabbitMQ
# (scripts/services.sh, needs root), builds the solution, runs all test projects.
set -euo pipefail
cd "$(dirname "$0")"
if [ "$(id -u)" = 0 ]; then scripts/services.sh; else sudo scripts/services.sh; fi
. scripts/services-env.sh
dotnet build Pipeline.sln -c Release -nologo -clp:ErrorsOnly
dotnet test Pipeline.sln -c Release --no-build -nologo --logger "console;verbosity=normal" "$@"
