#!/usr/bin/env python3
"""Throughput of the Python bindings, to compare with the C++ benchmarks.

    /usr/bin/python3 bindings/python/bench.py [--folder DIR]

  pdq          vigil.pdq on a decoded 1600x1000 RGB array (the image of
               build/tests/bench/vigil_bench_pdq --benchmark_filter=BM_HashRgb/1600/1000)
  scan_many    Engine.scan_many over generated PNGs, jobs=1 and jobs=2
  dask         samples/python/dask_backfill.py on LocalCluster(2 workers) vs scan_batch in
               one process
Set PYTHONPATH (or VIGIL_PYTHON_PATH) to the staged package, e.g. build/python.
"""
import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, os.environ.get("VIGIL_PYTHON_PATH", str(HERE.parents[1] / "build" / "python")))
sys.path.insert(0, str(HERE / "tests"))
sys.path.insert(0, str(HERE.parents[1] / "samples" / "python"))

import numpy as np  # noqa: E402

import vigil  # noqa: E402
from conftest import make_image, write_png  # noqa: E402


def bench_image(width=1600, height=1000):
    # Same pixels as tests/bench/pdq_bench.cpp (noise differs: any noise hashes alike in time).
    rng = np.random.default_rng(12345)
    x = np.arange(width)[None, :]
    y = np.arange(height)[:, None]
    noise = rng.integers(0, 32, (height, width))
    img = np.stack([(x * 255 // width + noise) & 0xFF, (y * 255 // height + noise) & 0xFF,
                    ((x ^ y) + noise) & 0xFF], axis=-1)
    return img.astype(np.uint8)


def timeit(fn, min_seconds=2.0):
    fn()
    n, start = 0, time.perf_counter()
    while time.perf_counter() - start < min_seconds:
        fn()
        n += 1
    return (time.perf_counter() - start) / n


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--images", type=int, default=48)
    parser.add_argument("--no-dask", action="store_true")
    args = parser.parse_args()
    img = bench_image()
    t = timeit(lambda: vigil.pdq(img))
    print(f"pdq 1600x1000 (1.6 MP): {t * 1e3:.2f} ms/image via Python")

    with tempfile.TemporaryDirectory() as tmp:
        paths = [str(write_png(Path(tmp) / f"{i}.png", make_image(i, 768, 1024)))
                 for i in range(args.images)]
        engine = vigil.Engine.from_toml(
            '[[detector]]\nplugin = "org.vigil.hashing"\nsignals = ["pdq", "md5"]\n')
        for jobs in (1, 2):
            t = timeit(lambda: list(engine.scan_many(paths, jobs=jobs)), 1.0)
            print(f"scan_many jobs={jobs}: {len(paths) / t:.1f} images/s "
                  f"({len(paths)} PNGs 1024x768)")
        if args.no_dask:
            return
        import dask_backfill
        from dask.distributed import Client, LocalCluster
        config = Path(tmp) / "vigil.toml"
        config.write_text('[[detector]]\nplugin = "org.vigil.hashing"\nsignals = ["pdq", "md5"]\n')
        start = time.perf_counter()
        dask_backfill.scan_batch(str(config), paths)
        single = time.perf_counter() - start
        os.environ["PYTHONPATH"] = os.pathsep.join(sys.path[:3])
        with LocalCluster(n_workers=2, processes=True, threads_per_worker=1,
                          dashboard_address=None) as cluster, Client(cluster) as client:
            dask_backfill.backfill(client, str(config), paths[:4], batch_size=2)  # warm up
            start = time.perf_counter()
            dask_backfill.backfill(client, str(config), paths, batch_size=8)
            distributed = time.perf_counter() - start
        print(f"dask: single process {len(paths) / single:.1f} images/s, "
              f"2 local workers {len(paths) / distributed:.1f} images/s")


if __name__ == "__main__":
    main()
