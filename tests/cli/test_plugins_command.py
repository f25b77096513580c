"""`vigil plugins` and `vigil demo` as a new user meets them."""
import json
import os


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
        assert "plugin ABI version 44 is not supported (this host loads versions 2 to 3)" in reasons["c_wrong_abi.so"]
        assert "not a Vigil plugin" in reasons["f_not_a_plugin.so"]


def test_demo_scans_and_refuses_the_truncated_upload(vigil):
    outputs = [json.loads(line) for line in vigil("demo", "--json", check_code=0).stdout.splitlines()]
    assert len(outputs) == 5
    for out in outputs[:-1]:
        assert out["verdict"] == "allow"
        assert out["signals"][0]["type"] == "pdq" and out["signals"][0]["quality"] == 100
    assert outputs[-1]["error"]["code"] == "truncated"


def test_version(vigil):
    assert vigil("version", check_code=0).stdout.startswith("vigil 0.1.0 (plugin ABI 3)")


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
