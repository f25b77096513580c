#!/usr/bin/env python3
"""Hash every file of a folder (recursively) to CSV: path,pdq,quality,md5.

    python3 hash_folder.py FOLDER [-o hashes.csv] [--jobs N]

Files that do not decode as images still get their MD5 (pdq and quality stay empty) and
are reported on stderr; the exit code is 1 if any file could not be hashed at all.
"""
import argparse
import csv
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import vigil


def hash_one(path):
    try:
        h = vigil.hash_file(path, signals=("pdq", "md5"))
        return path, str(h["pdq"]), h["pdq"].quality, h["md5"], None
    except vigil.DecodeError as error:  # not an image: MD5 only
        try:
            return path, "", "", vigil.hash_file(path, signals=("md5",))["md5"], error
        except vigil.VigilError as second:
            return path, "", "", "", second
    except vigil.VigilError as error:
        return path, "", "", "", error


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("-o", "--output", default="-", help="CSV file (default: stdout)")
    parser.add_argument("--jobs", type=int, default=0, help="threads (default: all cores)")
    args = parser.parse_args(argv)

    files = sorted(p for p in args.folder.rglob("*") if p.is_file())
    out = sys.stdout if args.output == "-" else open(args.output, "w", newline="")
    failed = 0
    with out, ThreadPoolExecutor(args.jobs or None) as pool:  # vigil releases the GIL
        writer = csv.writer(out)
        writer.writerow(["path", "pdq", "quality", "md5"])
        for path, pdq, quality, md5, error in pool.map(hash_one, files):
            writer.writerow([str(path), pdq, quality, md5])
            if error is not None:
                print(f"{path}: {error.code}: {error}", file=sys.stderr)
                failed += md5 == ""
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
