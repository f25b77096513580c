"""Every upload is matched by its bytes, image or not, and the exit code follows the
verdict; options may stand anywhere on the command line."""
import hashlib
import json

import pytest

from conftest import write_png


def lines(output):
    return [json.loads(line) for line in output.splitlines()]


@pytest.fixture
def listed(vigil, tmp_path):
    """A folder of uploads, a bank 'known' listing some of them by MD5, and a config."""
    uploads = tmp_path / "uploads"
    uploads.mkdir()
    files = {
        # Not an image at all: a (benign, made-up) document and an MPEG-4 header.
        "report.pdf": b"%PDF-1.4\n% benign test document\n%%EOF\n",
        "clip.mp4": b"\x00\x00\x00\x18ftypisom\x00\x00\x00\x00isomiso2" + bytes(2000),
        "notes.txt": b"an unlisted file that is not an image",
    }
    for name, data in files.items():
        (uploads / name).write_bytes(data)
    picture = write_png(uploads / "picture.png", 64, 48)
    truncated = uploads / "truncated.png"
    truncated.write_bytes(picture[: len(picture) // 2])
    listing = tmp_path / "known.txt"
    listing.write_text("".join(f"md5 {hashlib.md5(data).hexdigest()}\n" for data in (
        files["report.pdf"], files["clip.mp4"], truncated.read_bytes())))
    banks = tmp_path / "banks"
    vigil("bank", "import", "--bank-dir", banks, "--name", "known", "--format", "lines", listing,
          check_code=0)
    config = tmp_path / "vigil.toml"
    config.write_text(f'[[detector]]\nplugin = "org.vigil.hashing"\nsignals = ["pdq", "md5"]\n\n'
                      f'[[bank]]\nname = "known"\ndir = "{banks}"\n')
    return uploads, banks, config


def test_files_that_do_not_decode_are_blocked_by_their_md5(vigil, listed):
    uploads, banks, config = listed
    for name in ("report.pdf", "clip.mp4", "truncated.png"):
        scanned = vigil("scan", "--config", config, "--json", uploads / name)
        assert scanned.returncode == 1, (name, scanned.stdout, scanned.stderr)
        out = json.loads(scanned.stdout)
        assert out["verdict"] == "block"
        assert [m["signal_type"] for m in out["matches"]] == ["md5"]
        assert out["errors"][0]["detector"] == "decode"
        matched = vigil("match", "--bank-dir", banks, "--bank", "known", "--json", uploads / name)
        assert matched.returncode == 1, (name, matched.stdout, matched.stderr)
    codes = {name: json.loads(vigil("scan", "--config", config, "--json", uploads / name).stdout)
             ["errors"][0]["code"] for name in ("report.pdf", "clip.mp4", "truncated.png")}
    assert codes == {"report.pdf": "unsupported_format", "clip.mp4": "unsupported_format",
                     "truncated.png": "truncated"}


def test_media_type_comes_from_the_content_not_the_name(vigil, listed, tmp_path):
    uploads, _, config = listed
    disguised = tmp_path / "holiday.jpg"
    disguised.write_bytes((uploads / "clip.mp4").read_bytes())
    out = json.loads(vigil("scan", "--config", config, "--json", disguised).stdout)
    assert out["media_type"] == "video/mp4"
    assert out["verdict"] == "block"


def test_exit_codes_follow_the_verdict(vigil, listed):
    uploads, _, config = listed
    # Clean image: 0. Unlisted non-image: checked by bytes only and no match: 2.
    assert vigil("scan", "--config", config, uploads / "picture.png").returncode == 0
    unchecked = vigil("scan", "--config", config, "--json", uploads / "notes.txt")
    assert unchecked.returncode == 2
    assert json.loads(unchecked.stdout)["verdict"] == "allow"
    # A block anywhere wins over an unchecked upload elsewhere: the pipeline must act.
    assert vigil("scan", "--config", config, uploads).returncode == 1
    # A missing file cannot be checked at all.
    assert vigil("scan", "--config", config, uploads / "missing.png").returncode == 2


def test_a_match_that_no_rule_acts_on_does_not_fail_the_run(vigil, listed, tmp_path):
    uploads, banks, _ = listed
    config = tmp_path / "ruled.toml"
    config.write_text(f'[[detector]]\nplugin = "org.vigil.hashing"\nsignals = ["md5"]\n\n'
                      f'[[bank]]\nname = "known"\ndir = "{banks}"\n\n'
                      f'[[rule]]\nbanks = ["known"]\nsignal_types = ["pdq"]\nverdict = "block"\n')
    result = vigil("scan", "--config", config, "--json", uploads / "report.pdf")
    out = json.loads(result.stdout)
    # Listed apart from the matches the rules acted on, and allowed.
    assert out["verdict"] == "allow" and out["matches"] == [] and out["filtered_matches"]
    assert result.returncode == 0


def test_hash_gives_byte_signals_of_any_file_and_fails_only_for_missing_ones(vigil, listed):
    uploads, _, _ = listed
    md5_only = lines(vigil("hash", "--json", "--signals", "md5", uploads / "report.pdf",
                           check_code=0).stdout)[0]
    assert md5_only["signals"][0]["value"] == hashlib.md5(
        (uploads / "report.pdf").read_bytes()).hexdigest()
    assert "errors" not in md5_only
    with_pdq = vigil("hash", "--json", "--signals", "pdq,md5", uploads / "report.pdf")
    assert with_pdq.returncode == 2
    assert lines(with_pdq.stdout)[0]["error"]["code"] == "unsupported_format"


@pytest.mark.parametrize("order", [
    ["--bank", "known", "{a}", "{b}"],
    ["--json", "--bank", "known", "{a}", "{b}"],
    ["{a}", "--bank", "known", "{b}"],
    ["{a}", "{b}", "--bank", "known"],
    ["--bank", "known", "--bank", "other", "{a}", "{b}"],
])
def test_match_takes_options_before_between_and_after_paths(vigil, listed, order):
    uploads, banks, _ = listed
    vigil("bank", "add", "--bank-dir", banks, "--name", "other", uploads / "picture.png",
          check_code=0)
    paths = {"a": uploads / "report.pdf", "b": uploads / "picture.png"}
    args = [str(paths[word[1]]) if word in ("{a}", "{b}") else word for word in order]
    result = vigil("match", "--bank-dir", banks, *args)
    assert result.returncode == 1, result.stderr
    assert result.stdout.count("block") >= 1
    assert str(paths["a"]) in result.stdout and str(paths["b"]) in result.stdout


def test_other_commands_take_options_anywhere(vigil, listed, tmp_path):
    uploads, banks, config = listed
    scanned = vigil("scan", uploads / "report.pdf", "--config", config, uploads / "picture.png",
                    "--json")
    assert scanned.returncode == 1 and len(lines(scanned.stdout)) == 2
    hashed = vigil("hash", uploads / "picture.png", "--signals", "md5", uploads / "report.pdf",
                   check_code=0)
    assert hashed.stdout.count("md5") == 2
    listing = tmp_path / "delivery.csv"
    listing.write_text(f"Ref,HashType,Hash\nr1,MD5,{'ab' * 16}\n")
    imported = vigil("bank", "import", "--bank-dir", banks, "--name", "mapped", "--format",
                     "mapped-csv", "--map", "id=Ref", listing, "--map", "type=HashType",
                     "--map", "value=Hash", "--type-name", "MD5=md5", "--json", check_code=0)
    assert json.loads(imported.stdout)["counts"] == {"md5": 1}


def test_plugin_path_takes_one_directory_per_occurrence(vigil, tmp_path):
    listing = json.loads(vigil("--plugin-path", tmp_path, "plugins", "--json",
                               check_code=0).stdout)
    assert str(tmp_path) in listing["search_path"]
