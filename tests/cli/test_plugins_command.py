"""`vigil plugins` and `vigil demo` as a new user meets them."""
import hashlib
import json
import os
import shutil
import subprocess

import pytest

from conftest import write_png


def test_plugins_json_lists_bundled_plugins_and_explains_skipped_files(vigil):
    listing = json.loads(vigil("plugins", "--json", check_code=0).stdout)
    ids = {p["id"]: p for p in listing["plugins"]}
    hashing = ids["org.vigil.hashing"]
    assert hashing["kind"] == "detector"
    assert hashing["signal_types"] == ["pdq", "md5", "sha1", "sha256"]
    assert {f["name"] for f in hashing["config_fields"]} == {"signals", "dihedral"}
    test_plugins = os.environ.get("VIGIL_TEST_PLUGINDIR")
    if test_plugins:
        listing = json.loads(vigil("--plugin-path", test_plugins, "plugins", "--json",
                                   check_code=0).stdout)
        reasons = {os.path.basename(s["path"]): s["reason"] for s in listing["skipped"]}
        assert "plugin ABI version 46 is not supported (this host loads versions 2 to 5)" in reasons["c_wrong_abi.so"]
        assert "not a Vigil plugin" in reasons["f_not_a_plugin.so"]



def test_plugins_explains_a_refused_major_abi_version(vigil):
    test_plugins = os.environ.get("VIGIL_TEST_PLUGINDIR")
    if not test_plugins:
        pytest.skip("VIGIL_TEST_PLUGINDIR is not set (ctest sets it)")
    listing = json.loads(vigil("--plugin-path", test_plugins, "plugins", "--json",
                               check_code=0).stdout)
    reasons = {os.path.basename(s["path"]): s["reason"] for s in listing["skipped"]}
    assert reasons["p_other_major.so"] == (
        "plugin ABI version 65541 (major 1, minor 5) is not supported: its major version "
        "differs from this host's 0 (this host loads versions 2 to 5)")
    table = vigil("--plugin-path", test_plugins, "plugins", check_code=0).stdout
    assert "p_other_major.so: plugin ABI version 65541 (major 1, minor 5)" in table
    # A plugin built against the previous minor layout is listed, not skipped.
    ids = {p["id"]: p for p in listing["plugins"]}
    assert "org.vigil.test.previous_minor" in ids
    assert "deprecated" not in ids["org.vigil.test.previous_minor"]


def test_plugins_lists_each_bundled_reporter_with_only_its_own_settings(vigil):
    listing = json.loads(vigil("plugins", "--json", check_code=0).stdout)
    ids = {p["id"]: p for p in listing["plugins"]}
    fields = {i: {f["name"] for f in ids[i]["config_fields"]} for i in ids
              if i.startswith("org.vigil.portal")}
    assert fields["org.vigil.portal.file"] == {"path", "fsync"}
    assert fields["org.vigil.portal.webhook"] == {
        "url", "secret_env", "secret_file", "timeout_seconds", "ca_file"}
    assert "environment" in fields["org.vigil.portal.cybertipline"]
    assert "url" not in fields["org.vigil.portal.cybertipline"]
    assert "portal_name" in fields["org.vigil.portal.handoff"]
    # The merged plugin stays for configurations that pick a reporter with `kind`.
    assert "kind" in fields["org.vigil.portal"]
    assert fields["org.vigil.portal"] >= fields["org.vigil.portal.cybertipline"]
    paths = {ids[i]["path"] for i in fields}
    assert len(paths) == 1, paths  # one library, five plugins


UNTRUSTED = ": refusing an untrusted plugin file (allow with [engine] allow_untrusted_plugins = true)"


def plugins_json(*args, env=None):
    """`vigil [ARGS] plugins --json` (ARGS before the subcommand) with `env` added."""
    result = subprocess.run([os.environ["VIGIL_BIN"], *map(str, args), "plugins", "--json"],
                            env=dict(os.environ, **(env or {})), capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout), result.stderr


def test_plugins_json_prints_each_plugins_sha256_to_pin(vigil):
    listing = json.loads(vigil("plugins", "--json", check_code=0).stdout)
    for plugin in listing["plugins"]:
        with open(plugin["path"], "rb") as f:
            assert plugin["sha256"] == hashlib.sha256(f.read()).hexdigest(), plugin["id"]
    hashing = next(p for p in listing["plugins"] if p["id"] == "org.vigil.hashing")
    table = vigil("plugins", check_code=0).stdout
    assert "SHA256" in table.splitlines()[0]
    assert hashing["sha256"][:12] in table


def test_plugins_lists_a_world_writable_directorys_plugin_as_skipped(vigil, tmp_path):
    test_plugins = os.environ.get("VIGIL_TEST_PLUGINDIR")
    if not test_plugins:
        pytest.skip("VIGIL_TEST_PLUGINDIR is not set (ctest sets it)")
    shared = tmp_path / "shared"
    shared.mkdir()
    shutil.copy(os.path.join(test_plugins, "a_good.so"), shared / "a_good.so")
    shared.chmod(0o777)
    listing, stderr = plugins_json("--plugin-path", shared)
    assert "org.vigil.test.good" not in {p["id"] for p in listing["plugins"]}
    reason = f"directory {shared} is writable by others (mode 0777)" + UNTRUSTED
    assert {"path": str(shared / "a_good.so"), "reason": reason} in listing["skipped"]
    assert "plugin skipped" in stderr and reason in stderr  # logged at warn

    # A configuration that accepts the risk loads it.
    config = tmp_path / "vigil.toml"
    config.write_text(f'[engine]\nplugin_path = ["{shared}"]\nallow_untrusted_plugins = true\n')
    allowed = json.loads(vigil("plugins", "--config", config, "--json", check_code=0).stdout)
    assert "org.vigil.test.good" in {p["id"] for p in allowed["plugins"]}


def test_a_copy_of_the_hashing_plugin_does_not_replace_the_bundled_one(vigil, tmp_path):
    listing = json.loads(vigil("plugins", "--json", check_code=0).stdout)
    bundled = next(p for p in listing["plugins"] if p["id"] == "org.vigil.hashing")["path"]
    elsewhere = tmp_path / "plugins"
    elsewhere.mkdir()
    copy = elsewhere / "vigil_hashing.so"
    shutil.copy(bundled, copy)
    listing, stderr = plugins_json(env={"VIGIL_PLUGIN_PATH": str(elsewhere)})
    hashing = next(p for p in listing["plugins"] if p["id"] == "org.vigil.hashing")
    assert hashing["path"] == bundled
    reason = (f"provides 'org.vigil.hashing', the id of the bundled plugin {bundled}: refusing "
              'to take it over (allow with [engine] override = ["org.vigil.hashing"])')
    assert {"path": str(copy), "reason": reason} in listing["skipped"]

    # Named in [engine] override, the copy is used.
    config = tmp_path / "vigil.toml"
    config.write_text(f'[engine]\nplugin_path = ["{elsewhere}"]\noverride = ["org.vigil.hashing"]\n')
    chosen = json.loads(vigil("plugins", "--config", config, "--json", check_code=0).stdout)
    assert next(p for p in chosen["plugins"] if p["id"] == "org.vigil.hashing")["path"] == str(copy)


def test_a_wrong_pin_refuses_the_plugin_and_the_scan(vigil, tmp_path):
    listing = json.loads(vigil("plugins", "--json", check_code=0).stdout)
    digest = next(p for p in listing["plugins"] if p["id"] == "org.vigil.hashing")["sha256"]
    upload = tmp_path / "upload.png"
    write_png(upload, 8, 8)
    detector = '[[detector]]\nplugin = "org.vigil.hashing"\n'
    right = tmp_path / "right.toml"
    right.write_text(f'[engine]\nplugin_sha256 = {{ "org.vigil.hashing" = "{digest.upper()}" }}\n'
                     + detector)
    vigil("scan", "--config", right, "--json", upload, check_code=0)
    wrong = tmp_path / "wrong.toml"
    other = "0" * 64
    wrong.write_text(f'[engine]\nplugin_sha256 = {{ "org.vigil.hashing" = "{other}" }}\n'
                     + detector)
    refused = vigil("scan", "--config", wrong, "--json", upload, check_code=2)
    assert f"SHA-256 {digest} differs from {other}" in refused.stderr
    assert "no plugin 'org.vigil.hashing' was found" in refused.stderr


def run_demo(tmpdir, *args):
    """`vigil demo ARGS` with TMPDIR pointing at `tmpdir`, where its workspace goes."""
    env = dict(os.environ, TMPDIR=str(tmpdir))
    result = subprocess.run([os.environ["VIGIL_BIN"], "demo", *args], env=env,
                            capture_output=True, text=True, timeout=120)
    return result


def test_demo_blocks_reports_and_audits_then_removes_its_workspace(vigil, tmp_path):
    result = run_demo(tmp_path, "--json")
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    uploads = {line["path"]: line for line in lines[:-1]}
    summary = lines[-1]["summary"]
    assert list(uploads) == ["exact-copy.png", "rotated-copy.jpg", "clean.png", "clip.mp4",
                             "truncated.jpg"]

    exact = uploads["exact-copy.png"]
    assert exact["verdict"] == "block" and exact["report_to"] == ["cybertipline"]
    # An exact (md5) match has no dihedral variant; a pdq match has one.
    assert {(m["entry_id"], m["signal_type"], m["distance"], m.get("variant"))
            for m in exact["matches"]} == {("entry-1", "md5", 0, None),
                                           ("entry-1", "pdq", 0, "orig")}
    rotated = uploads["rotated-copy.jpg"]
    assert rotated["verdict"] == "block"
    [pdq] = rotated["matches"]  # the re-encoded bytes have another MD5
    assert pdq["signal_type"] == "pdq" and pdq["entry_id"] == "entry-1"
    assert pdq["variant"] in ("rot90", "rot270") and 0 < pdq["distance"] <= 31
    clean = uploads["clean.png"]
    assert clean["verdict"] == "allow" and clean["matches"] == [] and "errors" not in clean
    clip = uploads["clip.mp4"]
    assert clip["verdict"] == "block" and clip["media_type"] == "video/mp4"
    assert [(m["entry_id"], m["signal_type"]) for m in clip["matches"]] == [("entry-2", "md5")]
    assert clip["errors"][0]["detector"] == "decode"
    assert clip["errors"][0]["code"] == "unsupported_format"
    truncated = uploads["truncated.jpg"]
    assert truncated["verdict"] == "allow" and truncated["matches"] == []
    assert truncated["errors"][0]["detector"] == "decode"
    assert truncated["errors"][0]["code"] == "truncated"

    assert summary["as_expected"] is True and summary["problems"] == []
    assert summary["list"]["format"] == "ncmec-xml"
    assert (summary["list"]["records"], summary["list"]["entries"]) == (2, 3)
    assert summary["portal_url"].startswith("http://127.0.0.1:")
    reports = {r["upload"]: r for r in summary["reports"]}
    assert set(reports) == {"exact-copy.png", "rotated-copy.jpg", "clip.mp4"}
    for report in reports.values():
        assert report["state"] == "filed" and report["destination"] == "cybertipline"
        assert report["portal_finished"] == 1  # filed exactly once at the portal
        assert report["remote_id"] and report["remote_id"] == report["portal_report_id"]
    assert len({r["remote_id"] for r in reports.values()}) == 3
    outbox = summary["outbox"]
    assert outbox["filed"] == 3 and sum(outbox.values()) == 3
    assert summary["audit"]["intact"] is True and summary["audit"]["records"] > 0
    assert list(tmp_path.iterdir()) == []  # the workspace is gone


def test_demo_text_fits_one_screen(vigil, tmp_path):
    result = run_demo(tmp_path)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) <= 35, result.stdout
    assert any(line.startswith("truncated.jpg") and "not checked: decode truncated" in line
               for line in lines), result.stdout
    assert any(line.startswith("audit") and "audit verify: ok" in line for line in lines)
    assert list(tmp_path.iterdir()) == []


def test_demo_says_which_step_failed(vigil, tmp_path):
    result = run_demo(tmp_path / "missing")
    assert result.returncode == 2
    assert "cannot create a temporary directory in " + str(tmp_path / "missing") in result.stderr


def test_version(vigil):
    assert vigil("version", check_code=0).stdout.startswith("vigil 0.1.0 (plugin ABI 5)")


def test_json_logs_are_one_object_per_line_and_carry_no_media(vigil, tmp_path):
    bad = tmp_path / "truncated.jpg"
    bad.write_bytes(b"\xff\xd8\xff\xe0" + b"\x00" * 64)
    result = vigil("--log-level", "debug", "--log-format", "json", "hash", bad)
    records = [json.loads(line) for line in result.stderr.splitlines() if line.strip()]
    assert records, result.stderr
    for record in records:
        assert set(record) == {"time", "level", "logger", "message"}
        assert record["time"].endswith("Z")
    assert any(r["logger"] == "vigil" and r["message"].startswith("engine created")
               for r in records)


def test_search_path_is_printed_resolved(vigil):
    """libvigil found through a path with '..' in it (as $ORIGIN/../lib does when
    installed) still shows the plugin directory as the plain directory it is."""
    listing = json.loads(vigil("plugins", "--json", check_code=0).stdout)
    installed = listing["search_path"][-1]
    lib = os.path.dirname(os.path.dirname(os.path.dirname(installed)))  # <lib>/vigil/plugins
    env = {k: v for k, v in os.environ.items() if k != "VIGIL_PLUGIN_PATH"}
    env["LD_LIBRARY_PATH"] = os.path.join(lib, "..", os.path.basename(lib))
    result = subprocess.run([os.environ["VIGIL_BIN"], "plugins", "--json"], env=env,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    unresolved = json.loads(result.stdout)
    assert unresolved["search_path"] == [installed]
    assert all(".." not in p["path"] for p in unresolved["plugins"])
    assert "org.vigil.hashing" in {p["id"] for p in unresolved["plugins"]}
