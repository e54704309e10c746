#!/usr/bin/env bash
# The one test command (README, CI): installs what the tests need, then builds and runs every test.
# Tests that need a server start it themselves on loopback.
set -euo pipefail
cd "$(dirname "$0")/.."

need_pkgs=()
command -v restic >/dev/null 2>&1 || need_pkgs+=(restic)        # stock restic 0.14: the interoperability oracle
command -v rclone >/dev/null 2>&1 || need_pkgs+=(rclone)        # `rclone serve restic`: the REST test server
command -v setfattr >/dev/null 2>&1 || need_pkgs+=(attr)        # extended attributes in fixtures
command -v tar >/dev/null 2>&1 || need_pkgs+=(tar)
command -v openssl >/dev/null 2>&1 || need_pkgs+=(openssl)  # certificates for the REST TLS tests
command -v script >/dev/null 2>&1 || need_pkgs+=(bsdutils)  # script(1): a pseudo-terminal for the progress test
if [ ${#need_pkgs[@]} -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ]; then
    echo "installing ${need_pkgs[*]} from Debian" >&2
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_pkgs[@]}" >/dev/null
  else
    echo "missing ${need_pkgs[*]}: install them (apt-get install ${need_pkgs[*]}) or run as root" >&2
    exit 1
  fi
fi

. scripts/java-home.sh
jrestic_find_jdk
# TZ pins how restic and jrestic render times, so tree bytes compare equal (restic-format §22.1).
export TZ=UTC
exec ./mvnw -B -ntp verify "$@"
