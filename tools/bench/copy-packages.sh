#!/bin/bash
# Copies the built session path (marshal, session, tss, the three crypto plugins,
# transport-mssim: package.json + dist) to DIR, linked among themselves, for an
# A/B comparison of two builds with session-cpu.mjs or session-inprocess.mjs:
#
#   tools/bench/copy-packages.sh /tmp/ab/base            # before the change (built)
#   ... change, pnpm build ...
#   tools/bench/copy-packages.sh /tmp/ab/new /tmp/ab/base   # after; marshal taken from base
#   for i in 1 2 3; do for v in base new; do
#     TSS_PACKAGES=/tmp/ab/$v taskset -c 0 node tools/bench/session-cpu.mjs; done; done
#
# A second argument: a copy whose marshal is used instead of the workspace's
# (both sides then share one marshal build). Other @tss packages link to the workspace.
set -euo pipefail
DIR=$1
MARSHAL_FROM=${2:-}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
SET=" marshal session tss crypto-node crypto-forge crypto-webcrypto transport-mssim "
rm -rf "$DIR"
mkdir -p "$DIR"
for p in $SET; do
  mkdir -p "$DIR/$p/node_modules/@tss"
  cp -r "$ROOT/packages/$p/dist" "$ROOT/packages/$p/package.json" "$DIR/$p/"
  for d in "$ROOT/packages/$p/node_modules/@tss/"*; do
    [ -e "$d" ] || continue
    b=$(basename "$d")
    if [[ "$SET" == *" $b "* ]]; then ln -s "../../../$b" "$DIR/$p/node_modules/@tss/$b"; else ln -s "$(readlink -f "$d")" "$DIR/$p/node_modules/@tss/$b"; fi
  done
  for d in "$ROOT/packages/$p/node_modules/"*; do
    [ -e "$d" ] || continue
    b=$(basename "$d")
    [ "$b" = "@tss" ] || ln -s "$(readlink -f "$d")" "$DIR/$p/node_modules/$b"
  done
done
if [ -n "$MARSHAL_FROM" ]; then
  rm -rf "$DIR/marshal"
  cp -r "$MARSHAL_FROM/marshal" "$DIR/marshal"
fi
echo "$DIR"
