"""The samples in samples/python work, and the Dask back-fill equals a sequential scan."""
import csv
import hashlib
import os
import sys
import time

import pytest

import vigil
from conftest import SAMPLES, STAGED, make_image, write_png

sys.path.insert(0, str(SAMPLES))


@pytest.fixture
def bank_setup(tmp_path):
    folder = tmp_path / "media"
    folder.mkdir()
    arrays = [make_image(seed, 80, 100) for seed in range(6)]
    paths = [write_png(folder / f"m{i}.png", a) for i, a in enumerate(arrays)]
    (folder / "notes.txt").write_text("not an image")
    listing = tmp_path / "list.txt"
    listing.write_text(f"pdq {vigil.pdq(arrays[0])}\npdq {vigil.pdq(arrays[3])}\n"
                       f"md5 {hashlib.md5(paths[4].read_bytes()).hexdigest()}\n")
    vigil.BankStore(tmp_path / "banks").import_list("known", "lines", [listing])
    config = tmp_path / "vigil.toml"
    config.write_text(f"""
[[detector]]
plugin = "org.vigil.hashing"
signals = ["pdq", "md5"]
dihedral = true

[[bank]]
name = "known"
dir = "{tmp_path / 'banks'}"
""")
    return folder, config, paths, arrays


def test_hash_folder(bank_setup, tmp_path, capsys):
    import hash_folder
    folder, _, paths, arrays = bank_setup
    out = tmp_path / "h.csv"
    assert hash_folder.main([str(folder), "-o", str(out), "--jobs", "2"]) == 0
    rows = list(csv.DictReader(out.open()))
    assert [r["path"] for r in rows] == sorted(str(p) for p in folder.iterdir())
    by_path = {r["path"]: r for r in rows}
    for p, a in zip(paths, arrays):
        r = by_path[str(p)]
        assert r["pdq"] == str(vigil.pdq(a)) and r["quality"] == str(vigil.pdq(a).quality)
        assert r["md5"] == hashlib.md5(p.read_bytes()).hexdigest()
    notes = by_path[str(folder / "notes.txt")]
    assert notes["pdq"] == "" and notes["md5"] == hashlib.md5(b"not an image").hexdigest()


def test_triage_report(bank_setup, tmp_path):
    import triage_report
    folder, config, paths, _ = bank_setup
    out_csv, out_html = tmp_path / "t.csv", tmp_path / "t.html"
    assert triage_report.main([str(folder), "--config", str(config), "--csv", str(out_csv),
                               "--html", str(out_html)]) == 0
    rows = list(csv.DictReader(out_csv.open()))
    matched = {r["path"] for r in rows if r["bank"]}
    assert matched == {str(paths[0]), str(paths[3]), str(paths[4])}
    errors = [r for r in rows if r["verdict"] == "error"]
    assert [r["path"] for r in errors] == [str(folder / "notes.txt")]
    page = out_html.read_text()
    assert page.count("<svg") == 2 and "Matches per bank" in page and "known" in page
    assert "<img" not in page and ".png" not in page  # no media, no file names of media


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
def test_dask_backfill_equals_sequential(bank_setup, tmp_path, monkeypatch):
    pytest.importorskip("distributed")
    import dask_backfill
    from dask.distributed import Client, LocalCluster
    folder, config, paths, arrays = bank_setup
    more = [write_png(folder / f"n{i}.png", make_image(100 + i, 64, 64)) for i in range(10)]
    assert more
    inputs = dask_backfill.list_inputs(folder)
    # Worker processes import vigil and the sample from these paths.
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join([str(STAGED), str(SAMPLES)]))
    sequential = dask_backfill.scan_batch(str(config), inputs)
    start = time.perf_counter()
    with LocalCluster(n_workers=2, processes=True, threads_per_worker=1,
                      dashboard_address=None) as cluster, Client(cluster) as client:
        rows = dask_backfill.backfill(client, str(config), inputs, batch_size=4)
        workers = client.run(lambda: len(__import__("dask_backfill")._engines))
    assert time.perf_counter() - start < 60
    assert rows == sequential
    assert sum(1 for r in rows if r.get("bank")) == 3
    assert len(workers) == 2 and all(n <= 1 for n in workers.values())
    out = tmp_path / "r.csv"
    dask_backfill.write_csv(rows, str(out))
    assert len(list(csv.DictReader(out.open()))) == len(rows)
