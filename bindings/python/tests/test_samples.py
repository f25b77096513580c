"""The samples in samples/python run as their docstrings say, and their outputs are right.

Each sample runs as a user runs it: the command line its docstring documents, in a
subprocess of Debian's /usr/bin/python3 started in samples/python, with the built package
on PYTHONPATH as docs/python.md sets it up and nothing else of the test's environment.
Importing a sample's functions proves nothing about the script: dask_backfill.py imported
fine while `python3 dask_backfill.py ...` failed to pickle its worker function.
Expected values come from the bank the test builds, never from the samples' own code.
"""
import ast
import csv
import hashlib
import io
import json
import os
import shlex
import shutil
import subprocess
import tempfile
import time
from html.parser import HTMLParser
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest

import vigil
from conftest import SAMPLES, STAGED, make_image, write_png

PYTHON = "/usr/bin/python3"
NOBODY = 65534
# A file name that is also markup: the HTML report must show it as text, never as a tag.
MARKUP_NAME = "<img src=x onerror=alert(1)>.png"


def user_env():
    """A user's environment after docs/python.md: PYTHONPATH=<build>/python, no test knobs."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("VIGIL_", "PYTHON", "PYTEST_"))}
    env["PYTHONPATH"] = str(STAGED)
    return env


def documented(sample, usage, **placeholders):
    """argv for `usage`, a command line of `sample`'s docstring ([optional] parts may be
    given or left out), its placeholders (FOLDER, vigil.toml, ...) replaced by test paths."""
    doc = ast.get_docstring(ast.parse((SAMPLES / sample).read_text()))
    documented_lines = " ".join(doc.replace("[", "").replace("]", "").split())
    assert " ".join(usage.split()) in documented_lines, f"{sample} does not document {usage!r}"
    words = shlex.split(usage)
    assert words[:2] == ["python3", sample]
    return [PYTHON, sample, *(str(placeholders.get(word, word)) for word in words[2:])]


def run_sample(argv, timeout=180, **kwargs):
    """Runs a sample from samples/python, as its docstring shows; returns the completed run."""
    return subprocess.run(argv, cwd=SAMPLES, env=user_env(), capture_output=True, text=True,
                          timeout=timeout, **kwargs)


def md5_of(path):
    return hashlib.md5(Path(path).read_bytes()).hexdigest()


@pytest.fixture
def media(tmp_path):
    """Generated images in a folder tree, a bank listing some of them, and its engine config.

    Returns a namespace: folder, config, files (every file, sorted as the samples list
    them), images {path: pixels}, and expected {path: (signal_type, entry_id)} matches.
    """
    folder = tmp_path / "media"
    (folder / "sub").mkdir(parents=True)
    arrays = [make_image(seed, 80, 100) for seed in range(6)]
    paths = [write_png(folder / f"m{i}.png", a) for i, a in enumerate(arrays)]
    rotated = np.ascontiguousarray(np.rot90(arrays[0]))
    images = dict(zip(paths, arrays))
    images[write_png(folder / "sub" / "m0-rotated.png", rotated)] = rotated
    (folder / "notes.txt").write_text("not an image")
    listing = tmp_path / "list.txt"
    listing.write_text(f"pdq {vigil.pdq(arrays[0])}\npdq {vigil.pdq(arrays[3])}\n"
                       f"md5 {md5_of(paths[4])}\n")
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
    expected = {paths[0]: ("pdq", str(vigil.pdq(arrays[0]))),
                paths[3]: ("pdq", str(vigil.pdq(arrays[3]))),
                paths[4]: ("md5", md5_of(paths[4])),
                folder / "sub" / "m0-rotated.png": ("pdq", str(vigil.pdq(arrays[0])))}
    files = sorted(p for p in folder.rglob("*") if p.is_file())
    return SimpleNamespace(folder=folder, config=config, files=files, images=images,
                           expected={str(p): e for p, e in expected.items()},
                           notes=str(folder / "notes.txt"))


def check_match_rows(rows, media):
    """Rows with a bank are exactly the expected matches, each one right."""
    matched = [r for r in rows if r["bank"]]
    assert {r["path"]: (r["signal_type"], r["entry_id"]) for r in matched} == media.expected
    assert len(matched) == len(media.expected)
    for r in matched:
        assert r["verdict"] in ("block", "review") and r["bank"] == "known"
        assert r["bank_version"] and int(r["distance"]) <= 31
        # A PDQ match names its dihedral variant; a digest has none (vigil/match.hpp).
        if r["signal_type"] == "pdq":
            assert r["variant"] in vigil.DIHEDRAL_NAMES
            assert (r["variant"] != "orig") == r["path"].endswith("m0-rotated.png")
        else:
            assert r["variant"] == ""
    assert all(r["verdict"] in ("allow", "error") for r in rows if not r["bank"])
    notes = [r for r in rows if r["path"] == media.notes]
    assert len(notes) == 1 and not notes[0]["bank"]  # not an image, MD5 not on the list


# hash_folder.py ----------------------------------------------------------------------------

def test_hash_folder_writes_every_files_hashes(media, tmp_path):
    out = tmp_path / "hashes.csv"
    run = run_sample(documented("hash_folder.py",
                                "python3 hash_folder.py FOLDER -o hashes.csv --jobs N",
                                FOLDER=media.folder, N=2, **{"hashes.csv": out}))
    assert run.returncode == 0, run.stderr
    rows = list(csv.DictReader(out.open()))
    assert [r["path"] for r in rows] == [str(p) for p in media.files]
    by_path = {r["path"]: r for r in rows}
    for path, pixels in media.images.items():
        row = by_path[str(path)]
        assert row["pdq"] == str(vigil.pdq(pixels))
        assert row["quality"] == str(vigil.pdq(pixels).quality)
        assert row["md5"] == md5_of(path)
    notes = by_path[media.notes]  # not an image: its MD5 only, and a word on stderr
    assert notes["pdq"] == notes["quality"] == "" and notes["md5"] == md5_of(media.notes)
    assert media.notes in run.stderr

    # Without -o the same CSV goes to stdout.
    run = run_sample(documented("hash_folder.py", "python3 hash_folder.py FOLDER",
                                FOLDER=media.folder))
    assert run.returncode == 0, run.stderr
    assert list(csv.DictReader(io.StringIO(run.stdout))) == rows


def readable_by_others(path):
    """Whether a user other than the owner can reach and read `path` (mode bits only)."""
    path = Path(path).resolve()
    return (path.stat().st_mode & 0o004 != 0
            and all(parent.stat().st_mode & 0o001 for parent in path.parents))


def test_hash_folder_exits_1_when_a_file_cannot_be_read():
    # Root reads any file: as root, the sample runs as nobody, on a folder outside pytest's
    # tmp_path (which only root may enter).
    as_nobody = {}
    if os.geteuid() == 0:
        for needed in (STAGED / "vigil" / "__init__.py", SAMPLES / "hash_folder.py"):
            if not readable_by_others(needed):
                pytest.skip(f"as root this runs the sample as nobody, who cannot read {needed}")
        as_nobody = {"user": NOBODY, "group": NOBODY, "extra_groups": []}
    folder = Path(tempfile.mkdtemp(prefix="vigil-samples-"))
    try:
        folder.chmod(0o755)
        readable = write_png(folder / "a.png", make_image(1, 64, 64))
        readable.chmod(0o644)
        locked = write_png(folder / "b.png", make_image(2, 64, 64))
        locked.chmod(0)
        run = run_sample(documented("hash_folder.py", "python3 hash_folder.py FOLDER",
                                    FOLDER=folder), **as_nobody)
        assert run.returncode == 1, run.stderr
        rows = {r["path"]: r for r in csv.DictReader(io.StringIO(run.stdout))}
        assert rows[str(readable)]["md5"] == md5_of(readable)
        assert rows[str(locked)]["md5"] == rows[str(locked)]["pdq"] == ""
        assert str(locked) in run.stderr
    finally:
        shutil.rmtree(folder)


# triage_report.py --------------------------------------------------------------------------

class PageParser(HTMLParser):
    """Collects the tags, attributes and tables (rows of cell texts) of an HTML page."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags, self.attributes, self.tables, self.headings = set(), set(), [], []
        self._cell = None
        self._heading = None

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        self.attributes.update(name for name, _ in attrs)
        if tag == "table":
            self.tables.append([])
        elif tag == "tr":
            self.tables[-1].append([])
        elif tag in ("td", "th"):
            self._cell = []
        elif tag == "h2":
            self._heading = []

    def handle_endtag(self, tag):
        if tag in ("td", "th"):
            self.tables[-1][-1].append("".join(self._cell))
            self._cell = None
        elif tag == "h2":
            self.headings.append("".join(self._heading))
            self._heading = None

    def handle_data(self, data):
        for part in (self._cell, self._heading):
            if part is not None:
                part.append(data)


MATCH_HEADINGS = ["path", "verdict", "bank", "bank version", "entry", "signal type",
                  "distance", "variant"]
MATCH_COLUMNS = ["path", "verdict", "bank", "bank_version", "entry_id", "signal_type",
                 "distance", "variant"]


def test_triage_report_lists_the_matches_for_reviewers(media, tmp_path):
    markup = media.folder / MARKUP_NAME  # a copy of a listed image, under a hostile name
    markup.write_bytes((media.folder / "m3.png").read_bytes())
    media.expected[str(markup)] = media.expected[str(media.folder / "m3.png")]
    out_csv, out_html = tmp_path / "matches.csv", tmp_path / "report.html"
    argv = documented(
        "triage_report.py",
        "python3 triage_report.py --config vigil.toml FOLDER --csv matches.csv --html report.html",
        FOLDER=media.folder, **{"vigil.toml": media.config, "matches.csv": out_csv,
                                "report.html": out_html})
    run = run_sample(argv)
    assert run.returncode == 0, run.stderr

    rows = list(csv.DictReader(out_csv.open()))
    check_match_rows(rows, media)
    scanned = {r["path"] for r in rows}
    assert scanned == {str(p) for p in media.files} | {str(markup)}

    page_text = out_html.read_text(encoding="utf-8")
    page = PageParser()
    page.feed(page_text)
    page.close()
    # No media, embedded or linked: only text, tables and the inline SVG charts.
    assert page.tags <= {"html", "head", "meta", "title", "style", "body", "h1", "h2", "p",
                         "table", "tr", "th", "td", "svg", "text", "rect"}, page.tags
    assert not page.attributes & {"href", "xlink:href", "src", "srcset", "data", "poster",
                                  "background", "action"}
    assert "url(" not in page_text and MARKUP_NAME not in page_text
    assert "Content-Security-Policy" in page_text and "default-src 'none'" in page_text

    # The matches, blocked first, exactly as the CSV has them, path as (escaped) text.
    tables = {tuple(table[0]): table[1:] for table in page.tables}
    shown = tables[tuple(MATCH_HEADINGS)]
    in_csv = [[r[c] for c in MATCH_COLUMNS] for r in rows if r["bank"]]
    order = {"block": 0, "review": 1}
    assert shown == sorted(in_csv, key=lambda cells: order[cells[1]])
    assert [str(markup)] == [cells[0] for cells in shown if cells[0].endswith(MARKUP_NAME)]

    # Files not fully checked (unreadable, or matched by their bytes only) have a table.
    errors = list({r["path"]: [r["path"], r["error"]] for r in rows if r["error"]}.values())
    assert tables.get(("path", "error"), []) == errors
    assert [media.notes, next(r["error"] for r in rows if r["path"] == media.notes)] in errors
    assert page.headings == ["Matches", "Files not fully checked"]
    assert page_text.count("<svg") == 2 and "Matches per bank" in page_text


# dask_backfill.py --------------------------------------------------------------------------

def check_backfill_csv(path, media, inputs):
    rows = list(csv.DictReader(Path(path).open()))
    check_match_rows(rows, media)
    in_order = [r["path"] for r in rows]
    assert sorted(set(in_order), key=in_order.index) == [str(p) for p in inputs]
    for r in rows:
        pixels = media.images.get(Path(r["path"]))
        if pixels is not None:
            assert r["pdq"] == str(vigil.pdq(pixels)) and r["md5"] == md5_of(r["path"])
    return rows


def test_dask_backfill_on_local_worker_processes(media, tmp_path):
    pytest.importorskip("distributed")
    out = tmp_path / "results.csv"
    argv = documented(
        "dask_backfill.py",
        "python3 dask_backfill.py --config vigil.toml --local 2 FOLDER -o results.csv",
        FOLDER=media.folder, **{"vigil.toml": media.config, "results.csv": out})
    run = run_sample(argv + ["--batch-size", "2"])  # several batches, spread over the workers
    assert run.returncode == 0, run.stderr
    check_backfill_csv(out, media, media.files)
    assert f"{len(media.files)} files, {len(media.expected)} matches" in run.stderr


class DaskCluster:
    """A scheduler and two single-threaded worker processes started with Dask's commands,
    in a folder of their own: the sample's modules are not on their path."""

    def __init__(self, folder):
        folder.mkdir()
        scheduler_file = folder / "scheduler.json"
        self.log = (folder / "cluster.log").open("w")
        common = dict(cwd=folder, env=user_env(), stdout=subprocess.DEVNULL, stderr=self.log)
        self.processes = [subprocess.Popen(
            [PYTHON, "/usr/bin/dask-scheduler", "--host", "127.0.0.1", "--port", "0",
             "--no-dashboard", "--scheduler-file", str(scheduler_file)], **common)]
        try:
            self.address = None
            deadline = time.monotonic() + 60
            while self.address is None:
                assert time.monotonic() < deadline, (folder / "cluster.log").read_text()
                time.sleep(0.2)
                try:
                    self.address = json.loads(scheduler_file.read_text())["address"]
                except (OSError, ValueError, KeyError):  # not written yet, or half written
                    pass
            self.processes.append(subprocess.Popen(
                [PYTHON, "/usr/bin/dask-worker", "--scheduler-file", str(scheduler_file),
                 "--nworkers", "2", "--nthreads", "1", "--no-dashboard",
                 "--local-directory", str(folder / "workers")], **common))
        except BaseException:
            self.close()
            raise

    def close(self):
        for process in reversed(self.processes):  # workers first
            process.terminate()
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        self.log.close()


@pytest.mark.filterwarnings("ignore::DeprecationWarning")  # tornado, under dask's Client
def test_dask_backfill_on_a_running_scheduler(media, tmp_path):
    pytest.importorskip("distributed")
    from dask.distributed import Client
    if not Path("/usr/bin/dask-scheduler").exists():
        pytest.skip("python3-distributed's dask-scheduler command is not installed")
    inputs = media.files[::-1]  # --paths keeps the listing's order, whatever it is
    listing = tmp_path / "list.txt"
    listing.write_text("".join(f"{p}\n" for p in inputs))
    out = tmp_path / "results.csv"
    cluster = DaskCluster(tmp_path / "cluster")
    try:
        argv = documented(
            "dask_backfill.py",
            "python3 dask_backfill.py --config vigil.toml --scheduler tcp://host:8786 "
            "--paths list.txt -o results.csv",
            **{"vigil.toml": media.config, "tcp://host:8786": cluster.address,
               "list.txt": listing, "results.csv": out})
        run = run_sample(argv + ["--batch-size", "2"])
        assert run.returncode == 0, run.stderr
        check_backfill_csv(out, media, inputs)

        # The workers imported the uploaded worker module and kept one engine each in it.
        with Client(cluster.address, timeout=30) as client:
            held = client.run(lambda: (
                __import__("sys").modules["dask_backfill_worker"].__file__,
                len(__import__("sys").modules["dask_backfill_worker"]._engines)))
        assert len(held) == 2
        assert all(not str(Path(module).parent).startswith(str(SAMPLES))
                   for module, _ in held.values())
        assert all(engines <= 1 for _, engines in held.values())
        assert sum(engines for _, engines in held.values()) >= 1
    finally:
        cluster.close()
