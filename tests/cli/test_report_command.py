"""`vigil report ...` as an operator runs it: enqueue files for a case, deliver them through
the bundled org.vigil.portal plugin (JSON-lines file and portal-handoff reporters, which
need no network), inspect, retract, and mark a handed-off report done."""
import json

from conftest import write_png


def _config(tmp_path):
    config = tmp_path / "vigil.toml"
    config.write_text(f"""
[[detector]]
plugin = "org.vigil.hashing"
signals = ["md5", "sha256"]

[[reporter]]
name = "review-file"
plugin = "org.vigil.portal"
kind = "file"
path = "{tmp_path / 'delivered.jsonl'}"

[[reporter]]
name = "iwf-argentina"
plugin = "org.vigil.portal"
kind = "portal-handoff"
portal_name = "IWF / ICMEC reporting portal (Argentina)"
portal_url = "https://report.iwf.org.uk/ar"
via = "file"
path = "{tmp_path / 'handoffs.jsonl'}"

[outbox]
path = "{tmp_path / 'outbox.db'}"

[audit]
path = "{tmp_path / 'audit.jsonl'}"
""")
    return config


def _status(vigil, config, code=0):
    return json.loads(vigil("report", "status", "--config", config, "--json",
                            check_code=code).stdout)


def test_file_run_status_and_audit(vigil, tmp_path):
    config = _config(tmp_path)
    image = tmp_path / "upload.png"
    write_png(image, 32, 32)
    out = vigil("report", "file", "--config", config, "--case-id", "case-7", "--to",
                "review-file", image, check_code=0).stdout
    assert "case case-7 -> review-file enqueued" in out
    again = vigil("report", "file", "--config", config, "--case-id", "case-7", "--to",
                  "review-file", image, check_code=0).stdout
    assert "already enqueued" in again
    assert _status(vigil, config)["counts"]["pending"] == 1

    assert "filed 1" in vigil("report", "run", "--config", config, check_code=0).stdout
    status = _status(vigil, config)
    assert status["counts"]["filed"] == 1 and status["counts"]["pending"] == 0
    assert status["oldest_pending_age_ms"] is None

    lines = (tmp_path / "delivered.jsonl").read_text().splitlines()
    assert len(lines) == 1
    report = json.loads(lines[0])["report"]
    assert report["case_id"] == "case-7"
    assert report["files"][0]["viewed_by_person"] is False
    assert len(report["files"][0]["hashes"]["sha256"]) == 64

    assert vigil("audit", "verify", tmp_path / "audit.jsonl", check_code=0).stdout.startswith(
        "intact:")
    events = [json.loads(l)["event"] for l in (tmp_path / "audit.jsonl").read_text().splitlines()]
    assert "enqueued" in events and "filed" in events


def test_handoff_waits_for_a_person_and_never_carries_personal_data(vigil, tmp_path):
    config = _config(tmp_path)
    image = tmp_path / "upload.png"
    write_png(image, 16, 16)
    vigil("report", "file", "--config", config, "--case-id", "url-1", "--content-url",
          "https://example.com/post/1", "--to", "iwf-argentina", image, check_code=0)
    assert "handed off 1" in vigil("report", "run", "--config", config, check_code=0).stdout
    status = _status(vigil, config)
    assert status["counts"]["handed_off"] == 1
    assert status["oldest_pending_age_ms"] is not None, "a handoff still waits for a person"
    # Nothing more happens until a person has submitted it.
    assert "handed off 0" in vigil("report", "run", "--config", config, check_code=0).stdout

    handoff = json.loads((tmp_path / "handoffs.jsonl").read_text().splitlines()[0])
    text = json.dumps(handoff)
    assert "https://report.iwf.org.uk/ar" in text and "https://example.com/post/1" in text
    assert str(image) not in text, "file locations must not leave the platform in a handoff"

    assert "marked filed" in vigil("report", "done", "1", "--config", config, "--reference",
                                   "AR-0042", check_code=0).stdout
    assert _status(vigil, config)["counts"]["filed"] == 1
    done = [json.loads(l) for l in (tmp_path / "audit.jsonl").read_text().splitlines()
            if '"operator_done"' in l]
    assert done and done[0]["fields"]["reference"] == "AR-0042", "operator actions are audited"


def test_handoff_without_a_url_fails_for_an_operator(vigil, tmp_path):
    config = _config(tmp_path)
    image = tmp_path / "upload.png"
    write_png(image, 16, 16)
    vigil("report", "file", "--config", config, "--case-id", "no-url", "--to", "iwf-argentina",
          image, check_code=0)
    vigil("report", "run", "--config", config, check_code=1)
    status = _status(vigil, config, code=1)
    assert [f["code"] for f in status["failed"]] == ["no_content_url"]
    text = vigil("report", "status", "--config", config, check_code=1).stdout
    assert "FAILED row" in text and "no_content_url" in text


def test_unknown_destination_is_refused_before_enqueue(vigil, tmp_path):
    config = _config(tmp_path)
    image = tmp_path / "upload.png"
    write_png(image, 16, 16)
    result = vigil("report", "file", "--config", config, "--case-id", "c", "--to", "nowhere",
                   image, check_code=2)
    assert "no [[reporter]] of that name" in result.stderr


def test_retract_and_row_errors(vigil, tmp_path):
    config = _config(tmp_path)
    image = tmp_path / "upload.png"
    write_png(image, 16, 16)
    vigil("report", "file", "--config", config, "--case-id", "c-1", "--to", "review-file",
          image, check_code=0)
    assert "retraction requested" in vigil("report", "retract", "1", "--config", config,
                                           check_code=0).stdout
    assert "retracted 1" in vigil("report", "run", "--config", config, check_code=0).stdout
    assert not (tmp_path / "delivered.jsonl").exists() or \
        (tmp_path / "delivered.jsonl").read_text() == ""
    assert "not failed" in vigil("report", "retry", "1", "--config", config,
                                 check_code=2).stderr
    assert "not handed_off" in vigil("report", "done", "1", "--config", config,
                                     check_code=2).stderr
    assert "no outbox row 99" in vigil("report", "retry", "99", "--config", config,
                                       check_code=2).stderr


def test_status_refuses_a_missing_outbox(vigil, tmp_path):
    result = vigil("report", "status", "--outbox", tmp_path / "typo.db", check_code=2)
    assert "no outbox at" in result.stderr
    assert not (tmp_path / "typo.db").exists(), "a typo must not create an empty outbox"


def test_relative_paths_in_reporter_settings_follow_the_config_file(tmp_path):
    """A file reporter's relative `path` lands beside the configuration file, wherever the
    operator starts `vigil` from (as outbox.path and audit.path always did)."""
    import os
    import subprocess

    config_dir = tmp_path / "etc"
    config_dir.mkdir()
    (config_dir / "vigil.toml").write_text("""
[[detector]]
plugin = "org.vigil.hashing"
signals = ["md5"]

[[reporter]]
name = "review-file"
plugin = "org.vigil.portal"
kind = "file"
path = "delivered.jsonl"

[outbox]
path = "outbox.db"
""")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    write_png(elsewhere / "upload.png", 32, 32)
    binary = os.environ["VIGIL_BIN"]
    for args in (["report", "file", "--config", "../etc/vigil.toml", "--case-id", "case-1",
                  "--to", "review-file", "upload.png"],
                 ["report", "run", "--config", "../etc/vigil.toml"]):
        run = subprocess.run([binary, *args], cwd=elsewhere, capture_output=True, text=True,
                             timeout=120)
        assert run.returncode == 0, run.stderr
    assert (config_dir / "delivered.jsonl").is_file()
    assert not (elsewhere / "delivered.jsonl").exists()
    assert json.loads((config_dir / "delivered.jsonl").read_text().splitlines()[0])


def test_a_kind_has_its_own_plugin_id_and_refuses_other_kinds_settings(vigil, tmp_path):
    delivered = tmp_path / "delivered.jsonl"
    config = tmp_path / "vigil.toml"
    config.write_text(f"""
[[reporter]]
name = "review-file"
plugin = "org.vigil.portal.file"
path = "{delivered}"

[outbox]
path = "{tmp_path / 'outbox.db'}"
""")
    image = tmp_path / "upload.png"
    write_png(image, 32, 32)
    vigil("report", "file", "--config", config, "--case-id", "case-9", "--to", "review-file",
          image, check_code=0)
    assert "filed 1" in vigil("report", "run", "--config", config, check_code=0).stdout
    [line] = delivered.read_text().splitlines()
    assert json.loads(line)["report"]["case_id"] == "case-9"

    # Only the file reporter's settings: a webhook's url is a config error here, as is kind.
    for extra in ('url = "https://example.org/hook"', 'kind = "file"'):
        config.write_text(config.read_text().replace(
            'plugin = "org.vigil.portal.file"', f'plugin = "org.vigil.portal.file"\n{extra}'))
        result = vigil("report", "run", "--config", config)
        assert result.returncode != 0, extra
        assert (f"reporter[0].{extra.split()[0]}: unknown setting for plugin "
                "'org.vigil.portal.file' (accepted: path, fsync)") in result.stderr, result.stderr
        config.write_text(config.read_text().replace(f"\n{extra}", ""))
