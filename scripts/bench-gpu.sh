#!/usr/bin/env bash
# One Embed worker's model on a GPU, in one command: images/s through ONNX Runtime's CUDA provider (the model alone,
# and decode + preprocessing + model as the worker runs it), per batch size; and Grounding DINO pages/s when its
# folder is given. Builds bench/Pipeline.Bench with the CUDA build of ONNX Runtime (-p:OnnxRuntimeGpu=true) into
# .run/bench-gpu, so the usual CPU build is left alone.
#   scripts/bench-gpu.sh <models-folder> <model> [--detect <grounding-dino-folder>] [--batches 1,16,64,256]
#                        [--images 2048] [--pages 256] [--provider cuda|cpu]
# Random-weight models of the real sizes: ../shared/tools/make-benchmark-models.sh DIR (README, "Real model files").
# --provider cpu is a dry run of the same build on a machine without a GPU (few images unless told otherwise).
set -euo pipefail
cd "$(dirname "$0")/.."
usage() { sed -n '2,9p' "$0" >&2; exit 2; }
[ $# -ge 2 ] || usage
models=$1 model=$2; shift 2
dino= batches=1,16,64,256 images=2048 pages=256 provider=cuda
while [ $# -gt 0 ]; do
  case $1 in
    --detect) dino=$2; shift 2 ;;
    --batches) batches=$2; shift 2 ;;
    --images) images=$2; shift 2 ;;
    --pages) pages=$2; shift 2 ;;
    --provider) provider=$2; shift 2 ;;
    *) usage ;;
  esac
done
fail() { echo "bench-gpu: $*" >&2; exit 1; }
[ -d "$models/$model" ] || fail "no model folder $models/$model"
[ -z "$dino" ] || [ -d "$dino" ] || fail "no Grounding DINO folder $dino"

# ONNX Runtime 1.31's CUDA provider loads CUDA 13's cuBLAS and cuDNN 9; without them it cannot start.
has_library() {
  ldconfig -p 2>/dev/null | grep -q "$1" && return
  local dir; IFS=: read -ra dirs <<<"${LD_LIBRARY_PATH:-}"
  for dir in "${dirs[@]}"; do [ -e "$dir/$1" ] && return; done
  return 1
}
case $provider in
  cuda)
    command -v nvidia-smi >/dev/null && nvidia-smi -L >/dev/null 2>&1 \
      || fail "no CUDA GPU here (nvidia-smi finds none). Run this on a GPU machine, or --provider cpu for a dry run."
    for lib in libcublasLt.so.13 libcudnn.so.9; do
      has_library $lib || fail "$lib is not on the library path: install CUDA 13 and cuDNN 9 (or set LD_LIBRARY_PATH)."
    done
    nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader ;;
  cpu)
    [ "$images" != 2048 ] || images=64
    [ "$pages" != 256 ] || pages=4
    [ "$batches" != 1,16,64,256 ] || batches=1,16 ;;
  *) usage ;;
esac

echo "==> building bench/Pipeline.Bench with the CUDA build of ONNX Runtime"
dotnet build bench/Pipeline.Bench -c Release -p:OnnxRuntimeGpu=true --artifacts-path .run/bench-gpu -nologo -clp:ErrorsOnly
bench() { dotnet .run/bench-gpu/bin/Pipeline.Bench/release/Pipeline.Bench.dll "$@"; }
echo "==> embed $model ($provider): batches $batches, $images images"
bench embed "$models" "$model" "$batches" "$images" "$provider"
if [ -n "$dino" ]; then
  echo "==> detect $(basename "$dino") ($provider): $pages A4 pages, prompt \"object\""
  bench detect "$dino" "$pages" object "$provider"
fi
