#!/usr/bin/env bash
# Side-by-side benchmark of stock restic and jrestic against the same S3 server (S3Proxy, filesystem store, on
# 127.0.0.1), on the same generated data: wall time, throughput and the requests each operation sends.
#
#   benchmarks/s3-side-by-side.sh [SCALE]
#
# SCALE is the Datasets tree scale (default 0.01, about 30 MiB in 500 files; 1.0 is 3 GiB). Requests are counted by
# the fault-injection proxy of the backends tests (io.jrestic.backend.fault.FaultProxy) running as a plain counting
# proxy between the client and S3Proxy; S3Proxy runs from the backends test class path (no extra download).
# Each tool gets its own bucket and its own fresh --cache-dir, so the second backup and the read-only commands show
# what the local metadata cache saves. Environment: BENCH_DIR (default /tmp/jrestic-s3-bench), S3_PORT, PROXY_PORT.
set -euo pipefail
cd "$(dirname "$0")/.."
SCALE=${1:-0.01}
WORK=${BENCH_DIR:-/tmp/jrestic-s3-bench}
S3_PORT=${S3_PORT:-19000}
PROXY_PORT=${PROXY_PORT:-19001}
. scripts/java-home.sh
jrestic_find_jdk
command -v restic >/dev/null || { echo "stock restic is needed (apt-get install restic)" >&2; exit 1; }
command -v curl >/dev/null || { echo "curl is needed" >&2; exit 1; }

# Jars, test classes and the backends test class path (S3Proxy and its dependencies) in one offline build.
./mvnw -q -B -o -DskipTests -pl cli,benchmarks,backends -am package dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile=target/test-classpath.txt >&2
JAVA="$JAVA_HOME/bin/java"
S3_CP="backends/target/test-classes:$(cat backends/target/test-classpath.txt)"

rm -rf "$WORK/s3data" "$WORK"/cache-* "$WORK"/restore-*
mkdir -p "$WORK/s3data"
cat > "$WORK/s3proxy.conf" <<EOF
s3proxy.endpoint=http://127.0.0.1:$S3_PORT
s3proxy.authorization=aws-v2-or-v4
s3proxy.identity=access
s3proxy.credential=secretsecret
jclouds.provider=filesystem
jclouds.filesystem.basedir=$WORK/s3data
EOF
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT
"$JAVA" -Dlogback.configurationFile=backends/src/test/resources/logback-test.xml -cp "$S3_CP" \
  org.gaul.s3proxy.Main --properties "$WORK/s3proxy.conf" > "$WORK/s3proxy.log" 2>&1 &
PIDS+=($!)
"$JAVA" -cp backends/target/test-classes io.jrestic.backend.fault.FaultProxy "$PROXY_PORT" 127.0.0.1 "$S3_PORT" \
  > "$WORK/proxy.log" 2>&1 &
PIDS+=($!)
PROXY=http://127.0.0.1:$PROXY_PORT
for _ in $(seq 100); do
  curl -sf "$PROXY/__proxy/stats" >/dev/null && curl -s -o /dev/null "http://127.0.0.1:$S3_PORT/" && break
  sleep 0.1
done

[ -d "$WORK/tree" ] || "$JAVA" -cp benchmarks/target/benchmarks.jar io.jrestic.benchmarks.Datasets tree "$WORK/tree" "$SCALE"
SOURCE_BYTES=$(find "$WORK/tree" -type f -printf '%s\n' | awk '{ s += $1 } END { print s + 0 }')
SOURCE_FILES=$(find "$WORK/tree" -type f | wc -l)

export AWS_ACCESS_KEY_ID=access AWS_SECRET_ACCESS_KEY=secretsecret RESTIC_PASSWORD=bench TZ=UTC
ROWS=$(mktemp)
DETAILS=$(mktemp)

# op TOOL NAME DATA_BYTES CMD...: runs CMD with fresh counters; records wall time, throughput and the requests sent.
op() {
  local tool=$1 name=$2 bytes=$3; shift 3
  curl -sf -X POST "$PROXY/__proxy/reset" >/dev/null
  local start end
  start=$(date +%s.%N)
  "$@" >/dev/null 2>"$WORK/last.err" || { echo "$tool $name failed:" >&2; cat "$WORK/last.err" >&2; exit 1; }
  end=$(date +%s.%N)
  local stats; stats=$(curl -sf "$PROXY/__proxy/stats")
  local total; total=$(echo "$stats" | awk '$1 == "total" { print $2, $3, $4 }')
  echo "$name $tool $(awk -v s="$start" -v e="$end" 'BEGIN { printf "%.2f", e - s }') $bytes $total" >> "$ROWS"
  { echo "### $tool $name"; echo "$stats"; echo; } >> "$DETAILS"
}

# jrestic's start-up cache for s3 repositories is trained on its first s3 command (once per build): outside the timings.
./jrestic -r "s3:http://127.0.0.1:$PROXY_PORT/warm-up" version >/dev/null

for tool in restic jrestic; do
  if [ $tool = restic ]; then T=(restic); else T=(./jrestic); fi
  repo="s3:http://127.0.0.1:$PROXY_PORT/$tool-bench"
  cache="$WORK/cache-$tool"
  R=("${T[@]}" -r "$repo" --cache-dir "$cache")
  op $tool init 0 "${R[@]}" init
  op $tool backup "$SOURCE_BYTES" "${R[@]}" backup -q "$WORK/tree"
  op $tool backup-unchanged "$SOURCE_BYTES" "${R[@]}" backup -q "$WORK/tree"
  op $tool snapshots 0 "${R[@]}" snapshots
  op $tool ls-latest 0 "${R[@]}" ls latest
  op $tool restore "$SOURCE_BYTES" "${R[@]}" restore latest --target "$WORK/restore-$tool"
  op $tool snapshots-no-cache 0 "${T[@]}" -r "$repo" --no-cache snapshots
  op $tool check-read-data 0 "${T[@]}" -r "$repo" --no-cache check --read-data
  diff -r "$WORK/tree" "$WORK/restore-$tool$WORK/tree" >/dev/null || { echo "$tool restored different files" >&2; exit 1; }
done

echo "# S3 side-by-side, scale $SCALE ($SOURCE_FILES files, $(awk -v b="$SOURCE_BYTES" 'BEGIN { printf "%.1f", b / 1048576 }') MiB), $(date -u +%Y-%m-%d), $(nproc) cores"
echo "# restic $(restic version | awk '{ print $2 }'), jrestic $(git rev-parse --short HEAD), S3Proxy 4.1.0 (filesystem store) on 127.0.0.1"
printf "%-19s %-8s %8s %10s %9s %10s %10s\n" operation tool wall_s data_MiB/s requests MiB_up MiB_down
awk '{ mbps = ($4 > 0 && $3 > 0) ? sprintf("%.1f", $4 / 1048576 / $3) : "-";
       printf "%-19s %-8s %8.2f %10s %9d %10.2f %10.2f\n", $1, $2, $3, mbps, $5, $6 / 1048576, $7 / 1048576 }' "$ROWS"
echo
echo "## Requests per operation (method and repository file kind; bytes are HTTP bodies)"
echo
cat "$DETAILS"
rm -f "$ROWS" "$DETAILS"
