#!/usr/bin/env bash
# The load figure: start the services, every worker and the dashboard as ./run.sh does, then keep the workers fed
# and measure sustained images/s and queue depths (docs/load.md).
#   scripts/load.sh [pipeline load options]     e.g. scripts/load.sh --minutes 10   (./pipeline load --help)
set -euo pipefail
cd "$(dirname "$0")/.."
./run.sh --workers
./pipeline load "$@"
