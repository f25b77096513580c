#!/usr/bin/env python3
"""Back-fill scan on Dask: scan a folder (or a file listing paths) across workers.

    python3 dask_backfill.py --config vigil.toml --local 2 FOLDER -o results.csv
    python3 dask_backfill.py --config vigil.toml --scheduler tcp://host:8786 \
        --paths list.txt -o results.csv

FOLDER and --paths work with --local N (worker processes on this machine) and with
--scheduler (a running cluster); without -o the CSV goes to stdout.

Each worker process holds one vigil.Engine, created lazily on first use and kept for the
life of the process (engines are thread-safe and expensive to create: plugins, banks).
Paths are sent to workers in batches; each batch is scanned with Engine.scan_many on the
worker's threads, and only small rows come back. The worker side is dask_backfill_worker.py
(next to this file), which this script uploads to the workers: they need `vigil`
importable, and the configuration file and the banks it names readable at the same paths.

Output is CSV, one row per (path, match) or per path without matches, in input order.
(Parquet would need pyarrow, which Debian bookworm does not package; CSV needs nothing.)
"""
import argparse
import csv
import os
import sys
from pathlib import Path

import dask_backfill_worker
from dask_backfill_worker import COLUMNS, scan_batch  # noqa: F401 (scan_batch: for importers)

WORKER_PLUGIN = "vigil-dask-backfill-worker"


def list_inputs(folder=None, paths_file=None):
    if paths_file:
        with open(paths_file) as f:
            return [line.strip() for line in f if line.strip()]
    return [str(p) for p in sorted(Path(folder).rglob("*")) if p.is_file()]


def ship_worker_module(client):
    """Makes every worker, present and future, import dask_backfill_worker from our copy.

    Registered under a fixed name, so running again on a long-lived cluster replaces the
    previous upload (and drops the engines it cached) instead of piling up copies.
    """
    from distributed.diagnostics.plugin import UploadFile
    client.register_worker_plugin(UploadFile(dask_backfill_worker.__file__), name=WORKER_PLUGIN)


def backfill(client, config_path, paths, batch_size=64, jobs_per_task=1):
    """Scans paths on the client's cluster; returns rows in input order.

    The workers must be able to import dask_backfill_worker (ship_worker_module, or the
    module on their PYTHONPATH): scan_batch is sent by reference, never by value.
    """
    config_path = os.path.abspath(config_path)
    batches = [paths[i:i + batch_size] for i in range(0, len(paths), batch_size)]
    futures = client.map(scan_batch, [config_path] * len(batches), batches,
                         [jobs_per_task] * len(batches), pure=False)
    rows = []
    for batch_rows in client.gather(futures):
        rows.extend(batch_rows)
    return rows


def write_csv(rows, output):
    out = sys.stdout if output == "-" else open(output, "w", newline="")
    with out:
        writer = csv.DictWriter(out, COLUMNS)
        writer.writeheader()
        writer.writerows(rows)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?")
    parser.add_argument("--paths", help="file listing one path per line")
    parser.add_argument("--config", required=True)
    parser.add_argument("--scheduler", help="address of a running dask scheduler")
    parser.add_argument("--local", type=int, default=2,
                        help="without --scheduler: local worker processes (default 2)")
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("-o", "--output", default="-")
    args = parser.parse_args(argv)
    if not args.folder and not args.paths:
        parser.error("give a FOLDER or --paths")

    from dask.distributed import Client, LocalCluster
    paths = list_inputs(args.folder, args.paths)
    if args.scheduler:
        client = Client(args.scheduler)
        cluster = None
    else:
        cluster = LocalCluster(n_workers=args.local, processes=True, threads_per_worker=1)
        client = Client(cluster)
    try:
        ship_worker_module(client)
        rows = backfill(client, args.config, paths, args.batch_size)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    write_csv(rows, args.output)
    print(f"{len(paths)} files, {sum(1 for r in rows if r.get('bank'))} matches",
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
