import hashlib
import pickle

import numpy as np
import pytest

import vigil
from conftest import TEST_PLUGINDIR, make_image, write_png


@pytest.fixture
def planted(tmp_path):
    """A bank 'known' holding the PDQ of image 0 and the MD5 of image 1's file, and an
    engine whose rules review PDQ matches and block MD5 matches."""
    folder = tmp_path / "media"
    folder.mkdir()
    arrays = [make_image(seed) for seed in range(4)]
    paths = [write_png(folder / f"m{i}.png", a) for i, a in enumerate(arrays)]
    listing = tmp_path / "list.txt"
    listing.write_text(
        "# planted\n"
        f"pdq {vigil.pdq(arrays[0])}\n"
        f"md5 {hashlib.md5(paths[1].read_bytes()).hexdigest()}\n")
    store = vigil.BankStore(tmp_path / "banks")
    info = store.import_list("known", "lines", [listing])
    assert info.name == "known" and info.version == 1 and info.entry_count == 2
    assert info.counts == {"md5": 1, "pdq": 1}
    assert store.info("known").checksum == info.checksum
    assert store.names() == ["known"]
    config = tmp_path / "vigil.toml"
    config.write_text(f"""
[[detector]]
plugin = "org.vigil.hashing"
signals = ["pdq", "md5"]
dihedral = true

[[bank]]
name = "known"
dir = "{tmp_path / 'banks'}"

[[rule]]
banks = ["known"]
signal_types = ["md5"]
verdict = "block"

[[rule]]
banks = ["known"]
signal_types = ["pdq"]
verdict = "review"
""")
    return vigil.Engine(str(config)), paths, arrays, store, tmp_path


def test_hash_file_and_bytes(images):
    paths, arrays = images
    data = paths[0].read_bytes()
    r = vigil.hash_file(paths[0])
    assert set(r) == {"pdq", "md5"}
    assert r["md5"] == hashlib.md5(data).hexdigest()
    assert r["pdq"] == vigil.pdq(arrays[0]) and r["pdq"].quality == 100
    assert vigil.hash_bytes(data) == r
    assert vigil.hash_bytes(bytearray(data), signals=["sha256"]) == {
        "sha256": hashlib.sha256(data).hexdigest()}
    d = vigil.hash_file(str(paths[0]), signals=("pdq",), dihedral=True)
    assert d["pdq_dihedral"] == vigil.pdq_dihedral(arrays[0])


def test_crypto_only_hashes_any_file(tmp_path):
    f = tmp_path / "notes.txt"
    f.write_bytes(b"hello")
    assert vigil.hash_file(f, signals=["md5", "sha1"]) == {
        "md5": hashlib.md5(b"hello").hexdigest(), "sha1": hashlib.sha1(b"hello").hexdigest()}


def test_scan_verdicts_and_matches(planted):
    engine, paths, arrays, _, _ = planted
    r = engine.scan(paths[0], metadata={"content_id": "c0", "uploader_id": "u", "x": 1})
    assert r.verdict == "review"
    assert [(m.bank, m.bank_version, m.entry_id, m.signal_type, m.distance, m.variant)
            for m in r.matches] == [("known", "1", str(vigil.pdq(arrays[0])), "pdq", 0, "orig")]
    assert r.matches[0].value == str(vigil.pdq(arrays[0]))
    assert [s.type for s in r.signals] == ["pdq", "md5"]
    assert r.hashes["pdq"] == vigil.pdq(arrays[0])
    assert engine.scan(str(paths[1])).verdict == "block"
    assert engine.scan(paths[2]).verdict == "allow" and engine.scan(paths[2]).matches == []
    # bytes and arrays scan the same pixels (an array carries no file bytes: no md5).
    assert engine.scan(paths[0].read_bytes()).matches == r.matches
    a = engine.scan(arrays[0])
    assert a.verdict == "review" and [s.type for s in a.signals] == ["pdq"]
    # A near-duplicate (rotated, slightly brightened) matches through a dihedral variant.
    near = np.clip(np.rot90(arrays[0]).astype(int) + 3, 0, 255).astype(np.uint8)
    n = engine.scan(near)
    assert n.verdict == "review" and n.matches[0].variant != "orig"
    assert 0 < n.matches[0].distance <= 31
    assert pickle.loads(pickle.dumps(r)) == r


def test_match_signals_and_banks(planted, tmp_path):
    engine, paths, arrays, store, root = planted
    h = vigil.pdq(arrays[0])
    assert engine.match([h]).verdict == "review"
    assert engine.match([("pdq", str(h))]).verdict == "review"
    assert engine.match([vigil.Signal("md5", "0" * 32)]).verdict == "allow"
    [info] = engine.banks()
    assert (info.name, info.version) == ("known", 1)
    assert engine.detector_ids() and engine.plugins()[0].id == "org.vigil.hashing"
    assert engine.reload_banks() == 0
    extra = root / "more.txt"
    extra.write_text(f"pdq {vigil.pdq(arrays[2])}\n")
    assert store.import_list("known", "lines", [extra], delta=True).version == 2
    assert engine.reload_banks() == 1
    assert engine.scan(paths[2]).verdict == "review"
    assert engine.scan(paths[0]).verdict == "review"  # delta kept the old entries


def test_scan_many_in_order(planted):
    engine, paths, arrays, _, _ = planted
    inputs = [paths[i % 4] for i in range(23)]
    expected = [engine.scan(p) for p in inputs]
    for jobs in (1, 2, 3):
        assert list(engine.scan_many(iter(inputs), jobs=jobs)) == expected
    missing = paths[0].with_name("missing.png")
    mixed = [paths[0], paths[0].read_bytes(), b"junk", arrays[2], missing]
    out = list(engine.scan_many(mixed, jobs=2, return_exceptions=True))
    assert out[0].verdict == "review" and out[1].verdict == "review"
    # Junk is hashed by its bytes; that it did not decode is reported beside the verdict.
    assert out[2].verdict == "allow" and not out[2].checked_completely
    assert [(e.detector, e.code) for e in out[2].errors] == [("decode", "unsupported_format")]
    assert out[3].verdict == "allow" and out[3].checked_completely
    assert isinstance(out[4], vigil.NotFoundError)
    with pytest.raises(vigil.NotFoundError):
        list(engine.scan_many(mixed, jobs=2))
    with pytest.raises(TypeError):
        list(engine.scan_many([42]))


def test_corrupt_and_missing_files(tmp_path, images):
    paths, _ = images
    data = paths[0].read_bytes()
    cut = tmp_path / "cut.png"
    cut.write_bytes(data[: len(data) // 2])
    with pytest.raises(vigil.DecodeError) as e:
        vigil.hash_file(cut)
    assert e.value.code == "truncated" and isinstance(e.value, vigil.VigilError)
    with pytest.raises(vigil.DecodeError) as e:
        vigil.hash_bytes(b"")
    assert e.value.code == "empty_input"
    with pytest.raises(vigil.DecodeError) as e:
        vigil.hash_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    assert e.value.code in ("decode_failed", "truncated")
    with pytest.raises(vigil.NotFoundError) as e:
        vigil.hash_file(tmp_path / "nope.png")
    assert e.value.code == "not_found"


def test_bad_config_names_file_and_line(tmp_path):
    config = tmp_path / "bad.toml"
    config.write_text('[[detector]]\nplugin = "org.vigil.hashing"\n\n[[bank]]\nname = 7\n')
    with pytest.raises(vigil.ConfigError) as e:
        vigil.Engine(config)
    assert e.value.code == "config_error"
    assert "bad.toml:5" in str(e.value) and "bank[0].name" in str(e.value)
    with pytest.raises(vigil.ConfigError) as e:
        vigil.Engine.from_toml("[nonsense]\n", "inline.toml")
    assert "inline.toml:1" in str(e.value)
    with pytest.raises(vigil.NotFoundError):
        vigil.Engine(tmp_path / "missing.toml")


def test_missing_and_broken_plugins(tmp_path):
    with pytest.raises(vigil.ConfigError) as e:
        vigil.Engine.from_toml('[[detector]]\nplugin = "org.example.absent"\n', "p.toml")
    assert e.value.code == "config_error" and "org.example.absent" in str(e.value)
    with pytest.raises(vigil.InvalidArgumentError):
        vigil.hash_file(tmp_path, signals=["md5"])  # a directory
    if not (TEST_PLUGINDIR / "i_failing_create.so").exists():
        pytest.skip(f"test plugins not built at {TEST_PLUGINDIR}")
    with pytest.raises(vigil.PluginError) as e:
        vigil.Engine.from_toml(
            f'[engine]\nplugin_path = ["{TEST_PLUGINDIR}"]\n\n'
            '[[detector]]\nplugin = "org.vigil.test.failing_create"\n', "f.toml")
    assert e.value.code == "plugin_error"


def test_malformed_list_is_bank_error(tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_text("md5 1234\n")
    store = vigil.BankStore(tmp_path / "banks")
    with pytest.raises(vigil.BankError) as e:
        store.import_list("b", "lines", [bad])
    assert e.value.code == "malformed_list" and "line 1" in str(e.value)
    with pytest.raises(vigil.InvalidArgumentError):
        store.import_list("b", "no-such-format", [bad])
    with pytest.raises(vigil.NotFoundError):
        store.info("b")


def test_error_hierarchy():
    for cls in (vigil.DecodeError, vigil.ConfigError, vigil.PluginError, vigil.BankError,
                vigil.NotFoundError, vigil.IoError, vigil.InvalidArgumentError):
        assert issubclass(cls, vigil.VigilError)
    assert issubclass(vigil.InvalidArgumentError, ValueError)


def test_plugins_and_cli():
    assert "org.vigil.hashing" in [p.id for p in vigil.plugins()]
    assert vigil.plugins()[0].kind == "detector"
    import subprocess
    import sys
    exe = vigil.cli_executable()
    assert exe is not None
    out = subprocess.run([sys.executable, "-m", "vigil", "version"], capture_output=True,
                         text=True, env={"PYTHONPATH": __import__("conftest").STAGED.as_posix()})
    direct = subprocess.run([exe, "version"], capture_output=True, text=True)
    assert out.returncode == direct.returncode == 0 and out.stdout == direct.stdout


def test_bytes_like_inputs(images):
    paths, _ = images
    data = paths[0].read_bytes()
    expected = vigil.hash_bytes(data)
    assert vigil.hash_bytes(memoryview(data)) == expected
    assert vigil.hash_bytes(np.frombuffer(data, np.uint8)) == expected
    with pytest.raises(BufferError):
        vigil.hash_bytes(memoryview(data)[::2])


def test_a_file_that_is_not_an_image_is_blocked_by_its_md5(planted, tmp_path):
    _, _, _, store, root = planted
    video = tmp_path / "clip.bin"
    video.write_bytes(b"\x00\x00\x00\x18ftypisom\x00\x00\x00\x00isomiso2" + bytes(500))
    listing = tmp_path / "videos.txt"
    listing.write_text(f"md5 {hashlib.md5(video.read_bytes()).hexdigest()}\n")
    store.import_list("known", "lines", [listing], delta=True)
    engine = vigil.Engine(str(root / "vigil.toml"))
    for upload in (video, video.read_bytes()):
        r = engine.scan(upload)
        assert r.verdict == "block"
        assert [m.signal_type for m in r.matches] == ["md5"]
        assert r.media_type == "video/mp4"
        assert r.errors[0].detector == "decode" and r.errors[0].code == "unsupported_format"
    assert pickle.loads(pickle.dumps(r)) == r
    assert vigil.hash_file(video, signals=["md5"])["md5"] == hashlib.md5(
        video.read_bytes()).hexdigest()
    with pytest.raises(vigil.DecodeError):
        vigil.hash_file(video, signals=["pdq", "md5"])
