"""The worker side of dask_backfill.py: what runs inside each Dask worker process.

It lives in its own module so that Dask sends `scan_batch` to workers *by reference*
(module name and function name) and each worker imports this module once. Had it stayed in
the script that `python3 dask_backfill.py` runs, it would belong to `__main__`, and
cloudpickle would pickle it by value together with the globals it uses: the engine cache
below and its lock, which cannot be pickled (and a copy of the cache per task would defeat
it anyway).

dask_backfill.py uploads this file to the workers (Client.upload_file), so remote workers
need only `vigil` importable, plus the configuration and banks at the same paths.
"""
import threading

COLUMNS = ["path", "verdict", "bank", "bank_version", "entry_id", "signal_type", "distance",
           "variant", "pdq", "md5", "error"]

_engines = {}  # config path -> vigil.Engine, for the life of this worker process
_engines_lock = threading.Lock()  # a worker may run several tasks on its threads


def worker_engine(config_path):
    """This process's engine for config_path, created on first use (plugins, banks)."""
    import vigil
    with _engines_lock:
        engine = _engines.get(config_path)
        if engine is None:
            engine = _engines[config_path] = vigil.Engine(config_path)
        return engine


def scan_batch(config_path, paths, jobs=1):
    """Runs on a worker: scans paths, returns plain rows (picklable, small), in input order.

    One row per (path, match), or one row for a path without matches; a file that could not
    be read gets verdict "error" and the error's code and message (never its bytes); one
    that was only partly checked (not an image, truncated) keeps its verdict and says why
    in "error".
    """
    import vigil
    engine = worker_engine(config_path)
    rows = []
    for path, result in zip(paths, engine.scan_many(paths, jobs=jobs, return_exceptions=True)):
        if isinstance(result, vigil.VigilError):
            rows.append({"path": path, "verdict": "error", "error": f"{result.code}: {result}"})
            continue
        hashes = result.hashes
        # A file that did not decode still had its bytes matched; say what was not checked.
        base = {"path": path, "verdict": result.verdict, "pdq": str(hashes.get("pdq", "")),
                "md5": hashes.get("md5", ""),
                "error": "; ".join(f"{e.detector}: {e.code}" for e in result.errors)}
        if not result.matches:
            rows.append(base)
        for m in result.matches:
            rows.append(dict(base, bank=m.bank, bank_version=m.bank_version,
                             entry_id=m.entry_id, signal_type=m.signal_type,
                             distance=m.distance, variant=m.variant))
    return rows
