#!/usr/bin/env bash
# consumer_test.sh BUILD_DIR TEMPLATE_DIR WORK_DIR
# Installs the built SDK into WORK_DIR/prefix, builds the plugin template against that
# installation with find_package(vigil), and checks the installed `vigil plugins --json`
# lists it (and still finds the bundled plugins in the installed plugin directory).
set -euo pipefail
build=$1 template=$2 work=$3
rm -rf "$work"
mkdir -p "$work"
cmake --install "$build" --prefix "$work/prefix" >"$work/install.log"
cmake -S "$template" -B "$work/template" -DCMAKE_PREFIX_PATH="$work/prefix" \
  -DCMAKE_BUILD_TYPE=Release >"$work/configure.log"
cmake --build "$work/template" >"$work/build.log"

unset VIGIL_PLUGIN_PATH
json=$(VIGIL_PLUGIN_PATH="$work/template" "$work/prefix/bin/vigil" plugins --json)
echo "$json"
/usr/bin/python3 - "$json" "$work/template" <<'PY'
import json, sys
listing = json.loads(sys.argv[1])
ids = {p["id"]: p for p in listing["plugins"]}
assert "com.example.brightness" in ids, f"template plugin not listed: {sorted(ids)}"
template = ids["com.example.brightness"]
assert template["path"].startswith(sys.argv[2]), template["path"]
assert template["kind"] == "detector" and template["media_types"] == ["image"]
assert template["signal_types"] == ["brightness"]
assert "org.vigil.hashing" in ids, "bundled plugin not found in the installed plugin dir"
print("consumer test: template plugin and bundled plugin listed")
PY
