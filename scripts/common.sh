#!/usr/bin/env bash
# Shared settings for the scripts in this folder; sourced, not run.
# VIGIL_BUILD_DIR  build tree (default: build/ in the checkout)
# VIGIL_PREFIX     install prefix (default: /usr/local)
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${VIGIL_BUILD_DIR:-$root/build}
prefix=${VIGIL_PREFIX:-/usr/local}
jobs=$(nproc)

# configure_and_build DIR [cmake args...]
configure_and_build() {
  local dir=$1
  shift
  cmake -S "$root" -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCMAKE_INSTALL_PREFIX="$prefix" "$@" >"$dir.configure.log" 2>&1 ||
    { cat "$dir.configure.log"; return 1; }
  cmake --build "$dir" -j "$jobs"
}
