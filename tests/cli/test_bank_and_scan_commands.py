"""`vigil bank`, `vigil match` and `vigil scan` end to end, as an operator uses them."""
import json
import subprocess

from conftest import write_png


def lines(output):
    return [json.loads(line) for line in output.splitlines()]


def hash_of(vigil, path, signal="pdq"):
    out = lines(vigil("hash", "--json", "--signals", signal, path, check_code=0).stdout)[0]
    return out["signals"][0]["value"]


def make_images(tmp_path):
    planted = tmp_path / "media" / "planted.png"
    planted.parent.mkdir()
    write_png(planted, 120, 90, pixel=lambda x, y: ((x // 8 % 2) * 250, (y * 9) % 256, 40))
    clean = tmp_path / "media" / "clean.png"
    write_png(clean, 120, 90, pixel=lambda x, y: ((x * y) % 256, 200 - y, (x // 5 % 2) * 90))
    corrupt = tmp_path / "media" / "corrupt.png"
    corrupt.write_bytes(planted.read_bytes()[:100])
    return planted, clean, corrupt


def test_import_a_list_then_scan_a_folder(vigil, tmp_path):
    planted, clean, corrupt = make_images(tmp_path)
    banks = tmp_path / "banks"
    listing = tmp_path / "hotline.txt"
    listing.write_text(f"# hotline list\npdq {hash_of(vigil, planted)}\n"
                       f"md5 {'ab' * 16}\n")
    imported = vigil("bank", "import", "--bank-dir", banks, "--name", "hotline", "--format",
                     "lines", "--json", listing, check_code=0)
    info = json.loads(imported.stdout)
    assert info["version"] == 1 and info["counts"] == {"md5": 1, "pdq": 1}

    config = tmp_path / "vigil.toml"
    config.write_text(f"""
[[detector]]
plugin = "org.vigil.hashing"
signals = ["pdq", "md5"]
dihedral = true

[[bank]]
name = "hotline"
dir = "{banks}"

[[rule]]
banks = ["hotline"]
verdict = "block"
report_to = ["cybertipline"]
""")
    result = vigil("scan", "--config", config, "--json", tmp_path / "media")
    assert result.returncode == 1  # a block wins over the corrupt file's error
    outputs = {o["path"].rsplit("/", 1)[-1]: o for o in lines(result.stdout)}
    assert outputs["planted.png"]["verdict"] == "block"
    match = outputs["planted.png"]["matches"][0]
    assert match["bank"] == "hotline" and match["bank_version"] == "1"
    assert match["signal_type"] == "pdq" and match["distance"] == 0 and match["variant"] == "orig"
    assert outputs["planted.png"]["report_to"] == ["cybertipline"]
    assert outputs["clean.png"] == {"path": str(clean), "verdict": "allow",
                                    "media_type": "image/png", "matches": []}
    assert outputs["corrupt.png"]["verdict"] == "allow"
    assert outputs["corrupt.png"]["errors"] == [
        {"detector": "decode", "code": "truncated",
         "message": outputs["corrupt.png"]["errors"][0]["message"]}]
    assert vigil("scan", "--config", config, corrupt).returncode == 2  # error, no match

    assert vigil("scan", "--config", config, clean).returncode == 0
    assert vigil("scan", "--config", config, planted).returncode == 1


def test_match_signal_lines_cross_checks_lists_without_media(vigil, tmp_path):
    banks = tmp_path / "banks"
    listing = tmp_path / "list.txt"
    listing.write_text(f"md5 {'cd' * 16}\nsha1 {'ef' * 20}\n")
    vigil("bank", "import", "--bank-dir", banks, "--name", "l", "--format", "lines", listing,
          check_code=0)
    query = f"md5 {'CD' * 16}\nmd5 {'00' * 16}\nsha256 {'ef' * 20}\n"
    result = vigil("match", "--bank-dir", banks, "--bank", "l", "--json", "--signals-from", "-",
                   stdin_bytes=query.encode())
    outputs = lines(result.stdout)
    # The first line is blocked, and a block wins over the last line's error (a 40-digit
    # value typed as sha256).
    assert result.returncode == 1
    assert outputs[0]["verdict"] == "block" and outputs[0]["matches"][0]["entry_id"] == "cd" * 16
    assert outputs[1]["matches"] == []
    assert outputs[2]["error"]["code"] == "malformed_list"


def test_a_failed_import_keeps_the_previous_version(vigil, tmp_path):
    banks = tmp_path / "banks"
    good = tmp_path / "good.txt"
    good.write_text(f"md5 {'11' * 16}\n")
    vigil("bank", "import", "--bank-dir", banks, "--name", "b", "--format", "lines", good,
          check_code=0)
    bad = tmp_path / "bad.txt"
    bad.write_text(f"md5 {'22' * 16}\nmd5 not-a-hash\n")
    failed = vigil("bank", "import", "--bank-dir", banks, "--name", "b", "--format", "lines", bad)
    assert failed.returncode == 2
    assert "bad.txt" in failed.stderr and "2" in failed.stderr
    info = json.loads(vigil("bank", "info", "--bank-dir", banks, "--json", "b",
                            check_code=0).stdout)
    assert info["version"] == 1 and info["entry_count"] == 1


def test_bank_add_hashes_media_into_a_bank(vigil, tmp_path):
    planted, clean, _ = make_images(tmp_path)
    banks = tmp_path / "banks"
    vigil("bank", "add", "--bank-dir", banks, "--name", "internal", planted, check_code=0)
    matched = vigil("match", "--bank-dir", banks, "--bank", "internal", "--json", planted, clean)
    assert matched.returncode == 1
    first, second = lines(matched.stdout)
    assert {m["signal_type"] for m in first["matches"]} == {"pdq", "md5", "sha256"}
    assert all(m["entry_id"] == "planted.png" for m in first["matches"])
    assert second["matches"] == []


def test_mapped_csv_import_with_column_and_type_name_mapping(vigil, tmp_path):
    listing = tmp_path / "delivery.csv"
    listing.write_text("Ref,HashType,Hash,Category\n"
                       f"r1,MD5,{'ab' * 16},A\n"
                       f"r2,SHA-1,{'cd' * 20},B\n")
    args = ["bank", "import", "--bank-dir", tmp_path / "banks", "--name", "iwf", "--format",
            "mapped-csv", "--map", "id=Ref", "--map", "type=HashType", "--map", "value=Hash",
            "--map", "category=Category", "--json"]
    unmapped = vigil(*args, listing)
    assert unmapped.returncode == 2 and "line 3" in unmapped.stderr
    info = json.loads(vigil(*args, "--type-name", "MD5=md5", "--type-name", "SHA-1=sha1",
                            listing, check_code=0).stdout)
    assert info["counts"] == {"md5": 1, "sha1": 1}
    matched = vigil("match", "--bank-dir", tmp_path / "banks", "--bank", "iwf", "--json",
                    "--signals-from", "-", stdin_bytes=f"sha1 {'cd' * 20}\n".encode())
    assert matched.returncode == 1
    assert json.loads(matched.stdout)["matches"][0]["entry_id"] == "r2"


def test_types_no_plugin_computes_are_never_silent(vigil, tmp_path):
    """A typo'd type (`pqd`) imports with a warning, or is refused with --strict; a bank
    type no configured detector emits is named at scan start-up."""
    banks = tmp_path / "banks"
    listing = tmp_path / "typo.txt"
    listing.write_text(f"pqd {'5a' * 32}\nmd5 {'ab' * 16}\n")
    strict = vigil("bank", "import", "--bank-dir", banks, "--name", "typo", "--format", "lines",
                   "--strict", listing, check_code=2)
    assert "1 entry of type 'pqd'" in strict.stderr and "--strict" in strict.stderr
    assert not (banks / "typo").exists(), "--strict must leave the bank untouched"

    lenient = vigil("bank", "import", "--bank-dir", banks, "--name", "typo", "--format",
                    "lines", listing, check_code=0)
    assert "warning" in lenient.stderr and "1 entry of type 'pqd'" in lenient.stderr
    assert "'md5'" not in lenient.stderr.split("they declare")[0]

    clean = tmp_path / "md5-only.txt"
    clean.write_text(f"md5 {'cd' * 16}\n")
    quiet = vigil("bank", "import", "--bank-dir", banks, "--name", "md5s", "--format", "lines",
                  clean, check_code=0)
    assert "warning" not in quiet.stderr

    config = tmp_path / "vigil.toml"
    config.write_text(f"""
[[detector]]
plugin = "org.vigil.hashing"
signals = ["md5"]

[[bank]]
name = "typo"
dir = "{banks}"
""")
    image = tmp_path / "a.png"
    write_png(image, 32, 32)
    scan = vigil("scan", "--config", config, image, check_code=0)
    assert "bank 'typo' holds 1 'pqd' entries, but no configured detector emits 'pqd'" \
        in scan.stderr
    assert "emits 'md5'" not in scan.stderr


def test_bank_info_aligns_counts_whatever_the_type_names(vigil, tmp_path):
    banks = tmp_path / "banks"
    listing = tmp_path / "list.txt"
    listing.write_text(f"md5 {'ab' * 16}\naspect_class1 7\naspect_class1 9\n")
    vigil("bank", "import", "--bank-dir", banks, "--name", "b", "--format", "lines", listing,
          check_code=0)
    text = vigil("bank", "info", "--bank-dir", banks, "b", check_code=0).stdout
    rows = {line.split()[0]: line for line in text.splitlines() if line.startswith("  ")}
    assert set(rows) == {"aspect_class1", "md5"}
    assert rows["aspect_class1"].split() == ["aspect_class1", "2"]
    assert rows["md5"].split() == ["md5", "1"]
    assert len({line.rindex(" ") for line in rows.values()}) == 1  # one column of counts


def test_bank_list_json_prints_what_bank_info_json_prints_per_bank(vigil, tmp_path):
    banks = tmp_path / "banks"
    listing = tmp_path / "list.txt"
    listing.write_text(f"md5 {'ab' * 16}\n")
    for name in ("second", "first"):
        vigil("bank", "import", "--bank-dir", banks, "--name", name, "--format", "lines",
              listing, check_code=0)
    listed = lines(vigil("bank", "list", "--bank-dir", banks, "--json", check_code=0).stdout)
    assert listed == [json.loads(vigil("bank", "info", "--bank-dir", banks, "--json", name,
                                       check_code=0).stdout) for name in ("first", "second")]
    text = vigil("bank", "list", "--bank-dir", banks, check_code=0).stdout
    assert text.startswith("first") and "1 entries" in text


def test_match_names_an_unknown_bank_plainly(vigil, tmp_path):
    planted, _, _ = make_images(tmp_path)
    banks = tmp_path / "banks"
    banks.mkdir()
    result = vigil("match", "--bank-dir", banks, "--bank", "nosuch", planted)
    assert result.returncode == 2
    assert result.stderr == f"vigil match: not_found: no bank 'nosuch' in {banks}\n"
    assert result.stdout == ""
