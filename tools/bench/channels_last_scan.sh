#!/bin/sh
# Scans libtorch's channels_last 1x1 convolution against NCHW over 720 shapes
# (tools/bench/ChannelsLastScan.java) and counts the shapes that are right, wrong, or kill the
# process (the scan restarts after the shape that did). With the native environment of ./trainkit.
# Usage: tools/bench/channels_last_scan.sh [OUTPUT_FILE]
cd "$(dirname "$0")/../.."
OUT=${1:-$(mktemp)}
./trainkit info >/dev/null 2>&1 || exit 1 # builds the jars if needed
CP="trainkit-cli/target/classes:trainkit-cli/target/lib/*"
ENV=$(tools/bench/launcher_env.sh)
grep -o -w -E 'avx|avx2|fma|avx512[a-z_0-9]*|amx[a-z_0-9]*' /proc/cpuinfo | sort -u | tr '\n' ' '; echo
[ -d /sys/devices/system/cpu/cpu0/cache ] && echo "cache topology: listed by the kernel" \
    || echo "cache topology: not listed by the kernel (/sys/devices/system/cpu/cpu0/cache absent)"
skip=0
: >"$OUT"
run=$(mktemp)
while :; do
  env $ENV java -XX:+UseSerialGC -XX:ErrorFile=/dev/null -cp "$CP" tools/bench/ChannelsLastScan.java "$skip" \
      >"$run" 2>/dev/null
  grep '^RES' "$run" >>"$OUT"
  grep -q '^DONE' "$run" && break
  last=$(grep '^CFG' "$run" | tail -1)
  [ -n "$last" ] || { echo "the scan did not start" >&2; exit 1; }
  echo "CRASH $last" >>"$OUT"
  skip=$(echo "$last" | awk '{print $2}')
done
rm -f "$run"
echo "shapes: $(grep -c . "$OUT"); right: $(grep -c ' ok ' "$OUT"); wrong: $(grep -c WRONG "$OUT");" \
    "process killed: $(grep -c '^CRASH' "$OUT") (details in $OUT)"
