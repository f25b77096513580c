#!/usr/bin/env bash
# consumer_test.sh BUILD_DIR TEMPLATE_DIR WORK_DIR
# Installs the built SDK into WORK_DIR/prefix, builds the plugin template installed with it
# (share/vigil/plugin_template, the same files as TEMPLATE_DIR) against that installation
# with find_package(vigil), deploys it with `cmake --install` (its install rule targets
# VIGIL_PLUGIN_DIR; before that, it also builds the template with the keyword form of
# vigil_add_plugin and loads it from its OUTPUT_DIRECTORY), and checks that the installed
# `vigil`, with no VIGIL_PLUGIN_PATH:
#   - lists it from the installed plugin directory with `vigil plugins --json`, beside the
#     bundled plugins;
#   - matches the template's own signal end to end: a bank of type `brightness` imported
#     with `vigil bank import --format lines`, then `vigil scan --config` (the template
#     detector and that bank, found through a relative `dir`) blocks a generated
#     solid-grey image and lets a darker one through.
set -euo pipefail
build=$1 template=$2 work=$3
rm -rf "$work"
mkdir -p "$work"
cmake --install "$build" --prefix "$work/prefix" >"$work/install.log"
installed_template="$work/prefix/share/vigil/plugin_template"
diff -r "$template" "$installed_template"
test -f "$work/prefix/share/vigil/docs/plugins.md"
cmake -S "$installed_template" -B "$work/template" -DCMAKE_PREFIX_PATH="$work/prefix" \
  -DCMAKE_BUILD_TYPE=Release >"$work/configure.log"
cmake --build "$work/template" >"$work/build.log"

# The installed vigil_add_plugin is the SDK's own: it also takes the in-tree spelling
# (SOURCES, OUTPUT_DIRECTORY). Built that way, the template loads from where it was put.
mkdir -p "$work/keyword-src"
cat >"$work/keyword-src/CMakeLists.txt" <<CMAKE
cmake_minimum_required(VERSION 3.25)
project(keyword_form LANGUAGES CXX)
set(CMAKE_CXX_STANDARD 20)
find_package(vigil 0.1 REQUIRED)
vigil_add_plugin(keyword_brightness SOURCES "$installed_template/brightness_detector.cpp"
                 OUTPUT_DIRECTORY "\${CMAKE_BINARY_DIR}/out")
CMAKE
cmake -S "$work/keyword-src" -B "$work/keyword" -DCMAKE_PREFIX_PATH="$work/prefix" \
  -DCMAKE_BUILD_TYPE=Release >"$work/keyword-configure.log"
cmake --build "$work/keyword" >"$work/keyword-build.log"
VIGIL_PLUGIN_PATH="$work/keyword/out" "$work/prefix/bin/vigil" plugins --json \
  >"$work/keyword.json"
/usr/bin/python3 - "$work/keyword.json" "$work/keyword/out/keyword_brightness.so" <<'PY'
import json, sys
listing = json.load(open(sys.argv[1]))
paths = {p["id"]: p["path"] for p in listing["plugins"]}
assert paths.get("com.example.brightness") == sys.argv[2], (paths, listing["skipped"])
print("consumer test: vigil_add_plugin(SOURCES ... OUTPUT_DIRECTORY ...) builds a plugin")
PY

cmake --install "$work/template" >"$work/deploy.log"

unset VIGIL_PLUGIN_PATH VIGIL_BANK_DIR
vigil="$work/prefix/bin/vigil"
json=$("$vigil" plugins --json)
echo "$json"
/usr/bin/python3 - "$json" "$work/prefix/lib/vigil/plugins" <<'PY'
import json, sys
listing = json.loads(sys.argv[1])
ids = {p["id"]: p for p in listing["plugins"]}
assert "com.example.brightness" in ids, f"template plugin not listed: {sorted(ids)}"
template = ids["com.example.brightness"]
assert template["path"].startswith(sys.argv[2]), template["path"]
assert template["kind"] == "detector" and template["media_types"] == ["image"]
assert template["signal_types"] == ["brightness"]
assert "org.vigil.hashing" in ids, "bundled plugin not found in the installed plugin dir"
assert not listing["skipped"], listing["skipped"]
print("consumer test: deployed template plugin and bundled plugin listed")
PY

# Two benign generated images: solid grey (128,128,128) and solid (20,20,20). The
# template emits the mean of all samples on 0..scale (default 100) as a decimal integer,
# rounded down: 128*100/255 -> "50", 20*100/255 -> "7".
scan="$work/scan"
mkdir -p "$scan/uploads"
/usr/bin/python3 - "$scan/uploads" <<'PY'
import struct, sys, zlib
from pathlib import Path

def solid_png(path, grey, width=64, height=48):
    row = b"\x00" + bytes([grey]) * (3 * width)
    def chunk(kind, data):
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data)))
    Path(path).write_bytes(
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(row * height)) + chunk(b"IEND", b""))

solid_png(Path(sys.argv[1]) / "grey.png", 128)
solid_png(Path(sys.argv[1]) / "dark.png", 20)
PY

printf '# brightness values to act on\nbrightness 50\n' >"$scan/brightness.txt"
"$vigil" bank import --bank-dir "$scan/banks" --name bright --format lines --json \
  "$scan/brightness.txt" >"$scan/import.json" 2>"$scan/import.err"
# The deployed plugin declares `brightness`, so the import has nothing to warn about.
if grep -q warning "$scan/import.err"; then cat "$scan/import.err"; exit 1; fi
cat >"$scan/vigil.toml" <<'TOML'
[[detector]]
plugin = "com.example.brightness"

[[bank]]
name = "bright"
dir = "banks"   # relative: beside this file

[[rule]]
banks = ["bright"]
signal_types = ["brightness"]
verdict = "block"
TOML

# Run from elsewhere, so only the config file's directory can make `dir` resolve.
cd "$work"
set +e
"$vigil" scan --config "$scan/vigil.toml" --json \
  "$scan/uploads/grey.png" >"$scan/grey.json"
grey_exit=$?
"$vigil" scan --config "$scan/vigil.toml" --json \
  "$scan/uploads/dark.png" >"$scan/dark.json"
dark_exit=$?
set -e
cat "$scan/grey.json" "$scan/dark.json"
/usr/bin/python3 - "$scan" "$grey_exit" "$dark_exit" <<'PY'
import json, sys
from pathlib import Path
scan, grey_exit, dark_exit = Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
info = json.loads((scan / "import.json").read_text())
assert info["counts"] == {"brightness": 1}, info
grey = json.loads((scan / "grey.json").read_text())
assert grey["verdict"] == "block", grey
assert grey_exit == 1, f"a blocked upload exits 1, got {grey_exit}"
[match] = grey["matches"]
assert (match["bank"], match["signal_type"], match["value"], match["entry_id"],
        match["distance"]) == ("bright", "brightness", "50", "50", 0), match
dark = json.loads((scan / "dark.json").read_text())
assert dark["verdict"] == "allow" and dark["matches"] == [], dark
assert dark_exit == 0, f"a clean upload exits 0, got {dark_exit}"
print("consumer test: the template's brightness signal matched a bank and blocked the upload")
PY
