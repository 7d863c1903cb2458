#!/usr/bin/env bash
# Downloads the supported real models (CLIP ViT-B/32 in Immich's and Hugging Face's layouts, ResNet50, Grounding DINO
# tiny) into the models folder, each file checked against scripts/models.lock. Needs internet access; the pipeline
# itself never downloads anything. Usage: scripts/download-models.sh [--pin] [--dir DIR] [MODEL...]   (--help for more)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
exec "$root/pipeline" models download --lock "$root/scripts/models.lock" "$@"
