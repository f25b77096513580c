#!/usr/bin/env python3
"""Back-fill scan on Dask: scan a folder (or a file listing paths) across workers.

    python3 dask_backfill.py --config vigil.toml --scheduler tcp://host:8786 \
        (FOLDER | --paths list.txt) -o results.csv
    python3 dask_backfill.py --config vigil.toml --local 2 FOLDER -o results.csv

Each worker process holds one vigil.Engine, created lazily on first use and kept for the
life of the process (engines are thread-safe and expensive to create: plugins, banks).
Paths are sent to workers in batches; each batch is scanned with Engine.scan_many on the
worker's threads, and only small rows come back. The configuration file and the banks it
names must be readable at the same paths on every worker.

Output is CSV, one row per (path, match) or per path without matches, in input order.
(Parquet would need pyarrow, which Debian bookworm does not package; CSV needs nothing.)
"""
import argparse
import csv
import os
import sys
import threading
from pathlib import Path

COLUMNS = ["path", "verdict", "bank", "bank_version", "entry_id", "signal_type", "distance",
           "variant", "pdq", "md5", "error"]

_engines = {}
_engines_lock = threading.Lock()


def worker_engine(config_path):
    """This process's engine for config_path, created once."""
    import vigil
    with _engines_lock:
        engine = _engines.get(config_path)
        if engine is None:
            engine = _engines[config_path] = vigil.Engine(config_path)
        return engine


def scan_batch(config_path, paths, jobs=1):
    """Runs on a worker: scans paths, returns plain rows (picklable, small)."""
    import vigil
    engine = worker_engine(config_path)
    rows = []
    for path, result in zip(paths, engine.scan_many(paths, jobs=jobs, return_exceptions=True)):
        if isinstance(result, vigil.VigilError):
            rows.append({"path": path, "verdict": "error", "error": f"{result.code}: {result}"})
            continue
        hashes = result.hashes
        base = {"path": path, "verdict": result.verdict, "pdq": str(hashes.get("pdq", "")),
                "md5": hashes.get("md5", "")}
        if not result.matches:
            rows.append(base)
        for m in result.matches:
            rows.append(dict(base, bank=m.bank, bank_version=m.bank_version,
                             entry_id=m.entry_id, signal_type=m.signal_type,
                             distance=m.distance, variant=m.variant))
    return rows


def list_inputs(folder=None, paths_file=None):
    if paths_file:
        with open(paths_file) as f:
            return [line.strip() for line in f if line.strip()]
    return [str(p) for p in sorted(Path(folder).rglob("*")) if p.is_file()]


def backfill(client, config_path, paths, batch_size=64, jobs_per_task=1):
    """Scans paths on the client's cluster; returns rows in input order."""
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
