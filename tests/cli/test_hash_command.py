"""`vigil hash`: what a trust and safety analyst or a pipeline script relies on."""
import csv
import hashlib
import json
import os

from conftest import write_png

DIHEDRAL = ["orig", "rot90", "rot180", "rot270", "flipx", "flipy", "flipplus1", "flipminus1"]
# Expected values for these two follow another tool's colour conversion (see
# docs/hashing.md): CMYK is compared within 4 bits; 16-bit PNGs are scaled, not clipped.
NOT_BIT_EXACT = {"pdq/data/misc-images/modes/CMYK.jpg": 4}
SCALED_16_BIT = "I16.png"


def lines(output):
    return [json.loads(line) for line in output.splitlines()]


def hamming(a, b):
    return bin(int(a, 16) ^ int(b, 16)).count("1")


def test_vector_images_hash_like_the_reference(vigil, vectors):
    rows = list(csv.DictReader(open(vectors / "pdq/expected/pdq-core-rgb-images.csv")))
    paths = [vectors / "pdq/images" / row["image"] for row in rows]
    result = vigil("hash", "--json", "--dihedral", *paths)
    outputs = lines(result.stdout)
    assert [o["path"] for o in outputs] == [str(p) for p in paths]  # input order
    exact = 0
    for row, out in zip(rows, outputs):
        assert "error" not in out, out
        pdq, md5 = out["signals"]
        assert [pdq["type"], md5["type"]] == ["pdq", "md5"]
        assert list(pdq["dihedral"]) == DIHEDRAL
        assert pdq["dihedral"]["orig"] == pdq["value"]
        assert md5["value"] == hashlib.md5(open(vectors / "pdq/images" / row["image"], "rb").read()).hexdigest()
        if row["image"].endswith(SCALED_16_BIT):
            continue
        tolerance = NOT_BIT_EXACT.get(row["image"], 0)
        assert hamming(pdq["value"], row["pdq_hex"]) <= tolerance, row["image"]
        if tolerance == 0:
            assert pdq["quality"] == int(row["quality"]), row["image"]
            exact += 1
    assert exact == len(rows) - 2
    assert result.returncode == 0


def test_hostile_files_get_their_error_code_and_the_run_continues(vigil, vectors, tmp_path):
    jpeg = (vectors / "pdq/images/pdq/data/bridge-mods/aaa-orig.jpg").read_bytes()
    good = tmp_path / "good.png"
    write_png(good, 40, 30)
    png = good.read_bytes()
    cases = {
        "truncated.jpg": (jpeg[: len(jpeg) // 2], "truncated"),
        "truncated.png": (png[: len(png) - 20], "truncated"),
        "one-byte.bin": (b"\xff", "unsupported_format"),
        "random.bin": (os.urandom(4096), "unsupported_format"),
        "empty.jpg": (b"", "empty_input"),
    }
    for name, (data, _) in cases.items():
        (tmp_path / name).write_bytes(data)
    write_png(tmp_path / "bomb.png", 4, 4, declared=(100000, 100000))
    cases["bomb.png"] = (None, "too_large")
    names = sorted(cases) + ["good.png"]
    result = vigil("hash", "--json", *(tmp_path / n for n in names), tmp_path / "missing.png")
    assert result.returncode == 2
    outputs = {os.path.basename(o["path"]): o for o in lines(result.stdout)}
    for name, (_, code) in cases.items():
        assert outputs[name]["error"]["code"] == code, (name, outputs[name])
        assert outputs[name]["error"]["message"]
    assert outputs["missing.png"]["error"]["code"] == "not_found"
    assert outputs["good.png"]["signals"][0]["type"] == "pdq"


def test_directories_are_walked_recursively_in_sorted_order(vigil, tmp_path):
    for name in ["b/z.png", "a.png", "b/a.png"]:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        write_png(tmp_path / name, 16, 16)
    result = vigil("hash", "--json", tmp_path, check_code=0)
    assert [o["path"] for o in lines(result.stdout)] == [
        str(tmp_path / "a.png"), str(tmp_path / "b/a.png"), str(tmp_path / "b/z.png")]


def test_standard_input_and_files_give_the_same_hashes(vigil, tmp_path):
    data = write_png(tmp_path / "x.png", 64, 48)
    from_file = lines(vigil("hash", "--json", "--signals", "pdq,sha1,sha256", tmp_path / "x.png",
                            check_code=0).stdout)[0]
    from_stdin = lines(vigil("hash", "--json", "--signals", "pdq,sha1,sha256", "-",
                             stdin_bytes=data, check_code=0).stdout)[0]
    assert from_stdin["path"] == "-"
    assert from_stdin["signals"] == from_file["signals"]
    assert from_file["signals"][1]["value"] == hashlib.sha1(data).hexdigest()
    assert from_file["signals"][2]["value"] == hashlib.sha256(data).hexdigest()


def test_cryptographic_signals_alone_hash_any_file(vigil, tmp_path):
    (tmp_path / "notes.txt").write_bytes(b"abc")
    out = lines(vigil("hash", "--json", "--signals", "md5", tmp_path / "notes.txt",
                      check_code=0).stdout)[0]
    assert out["signals"] == [{"type": "md5", "value": "900150983cd24fb0d6963f7d28e17f72"}]


def test_parallel_output_is_in_input_order_and_identical(vigil, tmp_path):
    for i in range(24):
        write_png(tmp_path / f"img{i:02d}.png", 20 + i, 30, pixel=lambda x, y, i=i: (x * i % 256, y, 7))
    one = vigil("hash", "--json", "--jobs", "1", tmp_path, check_code=0).stdout
    many = vigil("hash", "--json", "--jobs", "4", tmp_path, check_code=0).stdout
    assert one == many
    assert len(one.splitlines()) == 24


def test_table_output_and_usage_errors(vigil, tmp_path):
    write_png(tmp_path / "x.png", 32, 32)
    table = vigil("hash", tmp_path / "x.png", check_code=0).stdout
    assert "pdq" in table and "md5" in table and "quality" in table
    assert vigil("hash", "--signals", "pdq,crc32", tmp_path / "x.png").returncode == 2
    assert vigil("hash").returncode == 2


def test_config_runs_the_configured_detectors_and_names_each(vigil, tmp_path):
    data = write_png(tmp_path / "x.png", 64, 48)
    config = tmp_path / "vigil.toml"
    # Banks and rules are not needed to hash: a bank that does not exist is not opened.
    config.write_text('[[detector]]\nplugin = "org.vigil.hashing"\nsignals = ["sha1"]\n\n'
                      f'[[bank]]\nname = "absent"\ndir = "{tmp_path / "banks"}"\n')
    out = lines(vigil("hash", "--config", config, "--json", tmp_path / "x.png",
                      check_code=0).stdout)[0]
    assert out["signals"] == [{"detector": "org.vigil.hashing", "type": "sha1",
                               "value": hashlib.sha1(data).hexdigest()}]
    # The configured detectors decide the signals: --signals and --dihedral do not mix in.
    mixed = vigil("hash", "--config", config, "--signals", "md5", tmp_path / "x.png")
    assert mixed.returncode == 2
    # A detector that cannot run on an input is an error for that input.
    pdq = tmp_path / "pdq.toml"
    pdq.write_text('[[detector]]\nplugin = "org.vigil.hashing"\nsignals = ["pdq", "md5"]\n')
    (tmp_path / "notes.txt").write_bytes(b"abc")
    failed = vigil("hash", "--config", pdq, "--json", tmp_path / "notes.txt")
    assert failed.returncode == 2
    out = lines(failed.stdout)[0]
    assert [s["type"] for s in out["signals"]] == ["md5"]
    assert out["errors"][0]["code"] == "unsupported_format"
