#!/bin/sh
# Creates small fixture repositories with stock restic (0.14) in DIR, for manual and exploratory interop checks:
#   DIR/repo-v1, DIR/repo-v2   repository versions 1 and 2, password "fixture-v1" / "fixture-v2"
#   DIR/source                 the tree they hold (three snapshots: initial, changed, with tags and another host)
# The JUnit interop tests (cli/src/test/java/io/jrestic/interop) build what they need at run time; nothing here is
# committed. Usage: testdata/make-fixtures.sh DIR
set -eu
[ $# -eq 1 ] || { echo "usage: $0 DIR" >&2; exit 2; }
command -v restic >/dev/null || { echo "$0: stock restic is not installed" >&2; exit 1; }
dir=$1
mkdir -p "$dir"
dir=$(CDPATH= cd -- "$dir" && pwd)
src="$dir/source"
[ ! -e "$src" ] || { echo "$0: $src exists; use an empty directory" >&2; exit 1; }
export TZ=UTC

mkdir -p "$src/sub/deeper" "$src/empty-dir"
printf 'hello, restic\n' > "$src/small.txt"
: > "$src/empty"
head -c 1500000 /dev/zero | tr '\0' 'z' > "$src/compressible"
# deterministic "random" bytes without depending on /dev/urandom
i=0; while [ $i -lt 2000 ]; do printf '%08d\n' $((i * 7919 % 100003)); i=$((i + 1)); done | sha256sum > "$src/sub/deeper/leaf"
printf 'q' > "$src/quote\"d"
printf 't' > "$src/tab	name"
printf 'u' > "$src/ü<&>"
printf 'x' > "$(printf '%s/bad\376name' "$src")"
ln -s small.txt "$src/link"
ln -s does/not/exist "$src/dangling"
ln "$src/small.txt" "$src/hardlink"
mkfifo "$src/fifo"
chmod 4755 "$src/small.txt"
chmod 1777 "$src/empty-dir"
if command -v setfattr >/dev/null; then setfattr -n user.comment -v "a note" "$src/small.txt" || true; fi
touch -d '2020-09-13 12:26:40.123456789' "$src/small.txt" "$src/empty" "$src/sub/deeper/leaf"

for v in 1 2; do
  repo="$dir/repo-v$v"
  export RESTIC_PASSWORD="fixture-v$v"
  restic -r "$repo" init --repository-version $v -q
  (cd "$dir" && restic -r "$repo" backup -q --tag initial source)
  printf 'changed\n' > "$src/changed.txt"
  (cd "$dir" && restic -r "$repo" backup -q --tag changed,second source)
  (cd "$dir" && restic -r "$repo" backup -q --host other-host --time '2024-01-02 03:04:05' source/sub)
  rm "$src/changed.txt"
  restic -r "$repo" check -q
done
echo "fixtures in $dir: repo-v1 (password fixture-v1), repo-v2 (password fixture-v2), source"
