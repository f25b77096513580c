"""Native calls release the GIL, so Python threads hashing at once run in parallel.

Two measurements:
  * overlap: each thread records when each native call starts and ends; with the GIL held
    for a whole call, calls from two threads could never overlap in time. Robust on a
    busy machine.
  * CPU time over wall time (time.process_time / time.perf_counter) around the threaded
    section: > 1.3 means more than one core worked at once. The machine may be shared: when
    other processes keep the cores busy, so a low ratio is compared with a control (two
    threads of hashlib.sha256, which CPython runs without the GIL): when the control cannot
    reach 1.3 either, the test skips with the figures instead of failing.
"""
import hashlib
import os
import threading
import time

import numpy as np
import pytest

import vigil

CORES = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
pytestmark = pytest.mark.skipif((CORES or 1) < 2, reason="needs 2 cores")


def _threaded(work, threads=2):
    """Runs work(intervals) on `threads` threads; returns (cpu/wall ratio, intervals)."""
    barrier = threading.Barrier(threads)
    intervals = [[] for _ in range(threads)]

    def run(i):
        barrier.wait()
        work(intervals[i])

    pool = [threading.Thread(target=run, args=(i,)) for i in range(threads)]
    cpu0, wall0 = time.process_time(), time.perf_counter()
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    return (time.process_time() - cpu0) / (time.perf_counter() - wall0), intervals


def _overlaps(a, b):
    return any(s1 < e2 and s2 < e1 for s1, e1 in a for s2, e2 in b)


def _baseline():
    """CPU/wall of 2 threads running hashlib.sha256 on large buffers, which CPython runs
    without the GIL: what this machine can give 2 threads right now."""
    buf = b"x" * (32 << 20)

    def work(log):
        for _ in range(4):
            hashlib.sha256(buf).digest()

    return round(_threaded(work)[0], 2)


def _check_ratio(ratios):
    if max(ratios) > 1.3:
        return
    baseline = _baseline()
    if baseline <= 1.3:
        pytest.skip(f"machine busy: 2 GIL-free hashlib threads reach only CPU/wall {baseline}; "
                    f"vigil reached {ratios}; overlap was checked")
    assert max(ratios) > 1.3, (ratios, "hashlib baseline", baseline)


def test_two_python_threads_hash_in_parallel():
    big = np.random.default_rng(0).integers(0, 256, (1500, 1500, 3), dtype=np.uint8)
    vigil.pdq(big)

    def work(log):
        for _ in range(6):
            start = time.perf_counter()
            vigil.pdq(big)
            log.append((start, time.perf_counter()))

    ratios = []
    for _ in range(3):
        ratio, intervals = _threaded(work)
        assert _overlaps(*intervals), "native calls never overlapped: is the GIL released?"
        ratios.append(round(ratio, 2))
        if ratio > 1.3:
            break
    _check_ratio(ratios)


def test_scan_many_uses_native_threads(tmp_path):
    from conftest import make_image, write_png
    paths = [write_png(tmp_path / f"{i}.png", make_image(i, 600, 800)) for i in range(8)]
    engine = vigil.Engine.from_toml('[[detector]]\nplugin = "org.vigil.hashing"\n'
                                    'signals = ["pdq", "sha256"]\n')
    ratios = []
    for _ in range(3):
        cpu0, wall0 = time.process_time(), time.perf_counter()
        results = list(engine.scan_many(paths * 3, jobs=2))
        ratios.append(round((time.process_time() - cpu0) / (time.perf_counter() - wall0), 2))
        if ratios[-1] > 1.3:
            break
    assert len(results) == 24
    _check_ratio(ratios)


def test_python_threads_scan_in_parallel(tmp_path):
    from conftest import make_image, write_png
    path = write_png(tmp_path / "a.png", make_image(1, 900, 1200))
    engine = vigil.Engine.from_toml('[[detector]]\nplugin = "org.vigil.hashing"\n'
                                    'signals = ["pdq"]\n')

    def work(log):
        for _ in range(4):
            start = time.perf_counter()
            engine.scan(path)
            log.append((start, time.perf_counter()))

    _, intervals = _threaded(work)
    assert _overlaps(*intervals)
