"""`vigil scan`: matches the rules acted on are told apart from the ones no rule acted on,
the exit code follows the verdict, and `--signals` shows what every detector computed."""
import hashlib
import json
import os

import pytest

from conftest import write_png

DETECTOR = '[[detector]]\nplugin = "org.vigil.hashing"\nsignals = ["pdq", "md5"]\n'


def lines(output):
    return [json.loads(line) for line in output.splitlines()]


@pytest.fixture
def two_banks(vigil, tmp_path):
    """An image whose MD5 is listed in two banks, 'hotline' and 'internal'."""
    upload = tmp_path / "upload.png"
    data = write_png(upload, 64, 48)
    listing = tmp_path / "list.txt"
    listing.write_text(f"md5 {hashlib.md5(data).hexdigest()}\n")
    banks = tmp_path / "banks"
    for name in ("hotline", "internal"):
        vigil("bank", "import", "--bank-dir", banks, "--name", name, "--format", "lines",
              listing, check_code=0)

    def config(rules):
        path = tmp_path / "vigil.toml"
        path.write_text(DETECTOR + "".join(f'\n[[bank]]\nname = "{name}"\ndir = "{banks}"\n'
                                           for name in ("hotline", "internal")) + rules)
        return path

    return upload, hashlib.md5(data).hexdigest(), config


def test_a_rule_that_fires_on_one_bank_lists_the_other_match_as_filtered(vigil, two_banks):
    upload, md5, config = two_banks
    ruled = config('\n[[rule]]\nbanks = ["hotline"]\nverdict = "review"\n')
    result = vigil("scan", "--config", ruled, "--json", upload)
    assert result.returncode == 1, result.stderr  # review is not allow
    out = json.loads(result.stdout)
    assert out["verdict"] == "review"
    # Exact matches carry no dihedral variant: it means nothing for a digest.
    assert out["matches"] == [{"bank": "hotline", "bank_version": "1", "entry_id": md5,
                               "signal_type": "md5", "value": md5, "distance": 0}]
    assert out["filtered_matches"] == [{"bank": "internal", "bank_version": "1",
                                        "entry_id": md5, "signal_type": "md5", "value": md5,
                                        "distance": 0}]
    text = vigil("scan", "--config", ruled, upload).stdout.splitlines()
    assert text[0] == f"{upload}: review"
    assert text[1] == f"  hotline@1 {md5} md5 distance 0"
    assert text[2].startswith(f"  internal@1 {md5} md5 distance 0") and "filtered" in text[2]


def test_a_rule_that_fires_on_no_match_allows_and_exits_0(vigil, two_banks):
    upload, _, config = two_banks
    ruled = config('\n[[rule]]\nbanks = ["hotline"]\nsignal_types = ["pdq"]\n'
                   'verdict = "block"\n')
    result = vigil("scan", "--config", ruled, "--json", upload)
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    assert out["verdict"] == "allow" and out["matches"] == []
    assert [m["bank"] for m in out["filtered_matches"]] == ["hotline", "internal"]
    assert "report_to" not in out


def test_without_rules_every_match_is_acted_on(vigil, two_banks):
    upload, _, config = two_banks
    result = vigil("scan", "--config", config(""), "--json", upload)
    assert result.returncode == 1
    out = json.loads(result.stdout)
    assert out["verdict"] == "block"
    assert [m["bank"] for m in out["matches"]] == ["hotline", "internal"]
    assert "filtered_matches" not in out


def test_perceptual_matches_keep_their_variant(vigil, tmp_path):
    upload = tmp_path / "upload.png"
    write_png(upload, 64, 48)
    pdq = lines(vigil("hash", "--json", "--signals", "pdq", upload, check_code=0).stdout)[0]
    listing = tmp_path / "list.txt"
    listing.write_text(f"pdq {pdq['signals'][0]['value']}\n")
    banks = tmp_path / "banks"
    vigil("bank", "import", "--bank-dir", banks, "--name", "b", "--format", "lines", listing,
          check_code=0)
    [match] = json.loads(vigil("match", "--bank-dir", banks, "--bank", "b", "--json", upload,
                               check_code=1).stdout)["matches"]
    assert match["signal_type"] == "pdq" and match["variant"] == "orig"


def test_signals_lists_every_signal_with_its_detector(vigil, two_banks):
    upload, md5, config = two_banks
    plain = json.loads(vigil("scan", "--config", config(""), "--json", upload).stdout)
    assert "signals" not in plain
    result = vigil("scan", "--config", config(""), "--json", "--signals", upload)
    assert result.returncode == 1
    signals = json.loads(result.stdout)["signals"]
    assert [(s["detector"], s["type"]) for s in signals] == [("org.vigil.hashing", "pdq"),
                                                              ("org.vigil.hashing", "md5")]
    assert len(signals[0]["value"]) == 64 and 0 <= signals[0]["quality"] <= 100
    assert signals[1] == {"detector": "org.vigil.hashing", "type": "md5", "value": md5}
    text = vigil("scan", "--config", config(""), "--signals", upload).stdout
    assert f"  signal org.vigil.hashing md5 {md5}\n" in text
    assert f"  signal org.vigil.hashing pdq {signals[0]['value']}  quality" in text


def test_signals_show_a_third_party_plugins_output(vigil, tmp_path):
    plugins = os.environ.get("VIGIL_TEST_PLUGINDIR")
    if not plugins:
        pytest.skip("VIGIL_TEST_PLUGINDIR is not set (ctest sets it)")
    upload = tmp_path / "upload.png"
    write_png(upload, 4, 2, pixel=lambda x, y: (1, 2, 3))
    config = tmp_path / "vigil.toml"
    config.write_text(f'[engine]\nplugin_path = ["{plugins}"]\n\n'
                      '[[detector]]\nplugin = "org.vigil.test.good"\nlabel = "mine"\n')
    out = json.loads(vigil("scan", "--config", config, "--json", "--signals", upload,
                           check_code=0).stdout)
    assert out["signals"][0] == {"detector": "org.vigil.test.good", "type": "pixel_sum",
                                 "value": str(8 * 6), "quality": 100,
                                 "attributes": {"label": "mine"}}
    assert out["signals"][1]["type"] == "byte_count"
    hashed = json.loads(vigil("hash", "--config", config, "--json", upload,
                              check_code=0).stdout)
    assert hashed["path"] == str(upload)
    assert hashed["signals"] == out["signals"]
    table = vigil("hash", "--config", config, upload, check_code=0).stdout
    assert "org.vigil.test.good  pixel_sum" in table and "label" in table


def test_a_config_without_log_section_logs_warnings_only(vigil, tmp_path):
    """docs/cli.md: the default level is warn; info lines appear only when asked for."""
    image = tmp_path / "a.png"
    write_png(image, 32, 32)
    quiet = tmp_path / "quiet.toml"
    quiet.write_text('[[detector]]\nplugin = "org.vigil.hashing"\nsignals = ["md5"]\n')
    scan = vigil("scan", "--config", quiet, image, check_code=0)
    assert scan.stderr == "", scan.stderr
    verbose = tmp_path / "verbose.toml"
    verbose.write_text(quiet.read_text() + '[log]\nlevel = "info"\n')
    assert "[info]" in vigil("scan", "--config", verbose, image, check_code=0).stderr
