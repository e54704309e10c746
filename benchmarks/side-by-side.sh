#!/usr/bin/env bash
# Side-by-side benchmark of stock restic and jrestic on the same data, same machine, same run (issue 3).
# Prints a table of wall time, CPU time and peak RSS for both tools and the jrestic/restic throughput ratio.
#
#   benchmarks/side-by-side.sh [SCALE] [RUNS]
#
# SCALE 1.0 is the issue's size (2 GiB stream, 3.0 GiB tree); 0.1 gives a quick check. Each measurement
# alternates the two tools RUNS times (default 3) on a warm page cache and reports the median.
set -euo pipefail
cd "$(dirname "$0")/.."
SCALE=${1:-0.1}
RUNS=${2:-3}
WORK=${BENCH_DIR:-/tmp/jrestic-bench}
. scripts/java-home.sh
jrestic_find_jdk
command -v restic >/dev/null || { echo "stock restic is needed (apt-get install restic)" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "/usr/bin/time is needed (apt-get install time)" >&2; exit 1; }
./mvnw -q -B -ntp -DskipTests package >&2
JAR=cli/target/jrestic.jar
./jrestic version >/dev/null # builds the launcher's start-up cache now, not inside a measured run
GEN="$JAVA_HOME/bin/java -cp benchmarks/target/benchmarks.jar io.jrestic.benchmarks.Datasets"
JRESTIC=(./jrestic)
export RESTIC_PASSWORD=bench TZ=UTC

mkdir -p "$WORK"
STREAM_BYTES=$(awk -v s="$SCALE" 'BEGIN { printf "%d", 2147483648 * s }')
[ -f "$WORK/stream.bin" ] && [ "$(stat -c %s "$WORK/stream.bin")" = "$STREAM_BYTES" ] || $GEN stream "$STREAM_BYTES" > "$WORK/stream.bin"
[ -d "$WORK/tree" ] || $GEN tree "$WORK/tree" "$SCALE"
# Incremental inputs with 1% changed (issue 3): a stream with 1% of its 1 MiB regions changed, and a hard-linked
# copy of the tree with 1% of its files rewritten (new inodes; the other files share the originals' inodes, so
# they look unchanged to both tools). The copy is swapped in under the tree's own path for its backup, since
# both tools find the parent snapshot's subtree by path.
[ -f "$WORK/stream-1pct.bin" ] || $GEN mutate-stream 1 < "$WORK/stream.bin" > "$WORK/stream-1pct.bin"
if [ ! -d "$WORK/tree-1pct" ]; then
  cp -al "$WORK/tree" "$WORK/tree-1pct.tmp" && $GEN mutate "$WORK/tree-1pct.tmp" 1 && mv "$WORK/tree-1pct.tmp" "$WORK/tree-1pct"
fi
sync
swap_trees() { mv "$WORK/tree" "$WORK/tree.swap" && mv "$WORK/tree-1pct" "$WORK/tree" && mv "$WORK/tree.swap" "$WORK/tree-1pct"; }

# measure NAME TOOL CMD...: runs CMD, appends "NAME TOOL wall cpu rss_kb" to the results
RESULTS=$(mktemp)
measure() {
  local name=$1 tool=$2; shift 2
  local out; out=$(mktemp)
  /usr/bin/time -f "%e %U %S %M" -o "$out" "$@" >/dev/null 2>"$out.err" || { echo "$tool $name failed:" >&2; cat "$out.err" >&2; }
  read -r wall user sys rss < "$out"
  echo "$name $tool $wall $(awk -v u="$user" -v s="$sys" 'BEGIN{print u+s}') $rss" >> "$RESULTS"
  rm -f "$out" "$out.err"
}
# Both tools' repositories are made by stock restic's init, so they have the same settings: restic calibrates its
# key's scrypt cost to this machine (here N=2^15, r=8, p=9: ~0.45 s per open), and every command of either tool
# derives that key first. With each tool's own init the repositories' key costs may differ, and with them every row.
init_repo() { restic -r "$1" init >/dev/null; }
tool_cmd() { if [ "$1" = restic ]; then echo restic; else echo "${JRESTIC[@]}"; fi; }

for run in $(seq "$RUNS"); do
  for tool in restic jrestic; do
    repo="$WORK/repo-$tool"
    T=$(tool_cmd "$tool")
    rm -rf "$repo" "$WORK/restore-$tool"
    init_repo "$repo"
    measure "stream-backup-auto" "$tool" $T -r "$repo" backup -q --stdin --stdin-filename stream.bin < "$WORK/stream.bin"
    # Compression off into a repository of its own: in "$repo" every blob of the stream is already stored by the
    # backup above, so it would measure a deduplicated re-backup (chunk and hash only), not writing the stream.
    rm -rf "$repo-off"
    init_repo "$repo-off"
    measure "stream-backup-off" "$tool" $T -r "$repo-off" backup -q --compression off --stdin --stdin-filename off.bin < "$WORK/stream.bin"
    rm -rf "$repo-off"
    measure "files-backup" "$tool" $T -r "$repo" backup -q "$WORK/tree"
    measure "files-incremental" "$tool" $T -r "$repo" backup -q "$WORK/tree"
    swap_trees; trap swap_trees EXIT
    measure "files-incremental-1pct" "$tool" $T -r "$repo" backup -q "$WORK/tree"
    trap - EXIT; swap_trees
    measure "stream-incremental-1pct" "$tool" $T -r "$repo" backup -q --stdin --stdin-filename stream.bin < "$WORK/stream-1pct.bin"
    measure "snapshots" "$tool" $T -r "$repo" snapshots -q
    measure "restore-stream" "$tool" $T -r "$repo" restore latest --path /stream.bin --target "$WORK/restore-$tool" -q
    rm -rf "$WORK/restore-$tool"
    measure "restore-files" "$tool" $T -r "$repo" restore latest --path "$WORK/tree" --target "$WORK/restore-$tool" -q
    rm -rf "$WORK/restore-$tool"
    measure "check-read-data" "$tool" $T -r "$repo" check --read-data -q
  done
done

echo "# side-by-side, scale $SCALE, $RUNS runs, $(date -u +%Y-%m-%d), $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
printf "%-20s %10s %10s %10s %10s %10s %10s %8s\n" operation restic_s jrestic_s restic_cpu jrestic_cpu restic_MiB jrestic_MiB speedup
for op in $(awk '{print $1}' "$RESULTS" | awk '!seen[$0]++'); do
  med() { awk -v op="$op" -v t="$1" -v c="$2" '$1==op && $2==t {print $c}' "$RESULTS" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
  rw=$(med restic 3); jw=$(med jrestic 3); rc=$(med restic 4); jc=$(med jrestic 4); rm_=$(med restic 5); jm=$(med jrestic 5)
  printf "%-20s %10.2f %10.2f %10.2f %10.2f %10.0f %10.0f %7.2fx\n" "$op" "$rw" "$jw" "$rc" "$jc" \
    "$(awk -v k="$rm_" 'BEGIN{print k/1024}')" "$(awk -v k="$jm" 'BEGIN{print k/1024}')" "$(awk -v a="$rw" -v b="$jw" 'BEGIN{ if (b>0) print a/b; else print 0 }')"
done
rm -f "$RESULTS"
