#!/usr/bin/env python3
"""Match a folder against hash-list banks and write a triage report: CSV and HTML.

    python3 triage_report.py --config vigil.toml FOLDER --csv matches.csv --html report.html

The engine configuration names the banks and rules (see docs/configuration.md). The CSV
has one row per match (path, verdict, bank, bank_version, entry_id, signal_type, distance,
variant) and one row for each file that failed to scan. The HTML page summarises the
verdicts, the matches per bank and a histogram of PDQ distances as inline SVG, then lists
the matches (blocked first) and the files that failed to scan, as the table a reviewer
works from. It never embeds or links to the matched media: paths are plain, escaped text,
reviewers open files through their own tools, and the page's Content-Security-Policy
forbids loading anything.
"""
import argparse
import csv
import html
import sys
from collections import Counter
from pathlib import Path

import vigil

COLUMNS = ["path", "verdict", "bank", "bank_version", "entry_id", "signal_type", "distance",
           "variant", "error"]
# The match table of the HTML page: (CSV column, heading).
MATCH_TABLE = [("path", "path"), ("verdict", "verdict"), ("bank", "bank"),
               ("bank_version", "bank version"), ("entry_id", "entry"),
               ("signal_type", "signal type"), ("distance", "distance"), ("variant", "variant")]
VERDICT_ORDER = {"block": 0, "review": 1, "allow": 2}
# Nothing may be fetched by the page: no images, scripts, frames or links to media.
CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'unsafe-inline'"


def scan_folder(engine, folder, jobs=0):
    files = sorted(p for p in Path(folder).rglob("*") if p.is_file())
    for path, result in zip(files, engine.scan_many(files, jobs=jobs, return_exceptions=True)):
        yield path, result


def rows_for(path, result):
    if isinstance(result, vigil.VigilError):
        return [{"path": str(path), "verdict": "error", "error": f"{result.code}: {result}"}]
    # What could not be checked (not an image, truncated, a detector failed): its byte
    # hashes were still matched, so the verdict stands, but a person may want to look.
    base = {"path": str(path), "verdict": result.verdict,
            "error": "; ".join(f"{e.detector}: {e.code}: {e.message}" for e in result.errors)}
    if not result.matches:
        return [base]
    return [dict(base, bank=m.bank, bank_version=m.bank_version, entry_id=m.entry_id,
                 signal_type=m.signal_type, distance=m.distance, variant=m.variant)
            for m in result.matches]


def svg_bars(counts, title, width=480, bar_height=18):
    """A horizontal bar chart as an inline SVG string; counts is [(label, n)]."""
    top = max((n for _, n in counts), default=0) or 1
    height = bar_height * len(counts) + 30
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
             f'role="img" aria-label="{html.escape(title)}">',
             f'<text x="0" y="14" font-size="13" font-weight="bold">{html.escape(title)}</text>']
    for i, (label, n) in enumerate(counts):
        y = 24 + i * bar_height
        w = int((width - 190) * n / top)
        parts.append(f'<text x="0" y="{y + 13}" font-size="12">{html.escape(str(label))}</text>'
                     f'<rect x="140" y="{y + 2}" width="{w}" height="{bar_height - 5}" '
                     f'fill="#4a78b5"/><text x="{145 + w}" y="{y + 13}" font-size="12">{n}</text>')
    parts.append("</svg>")
    return "".join(parts)


def distance_histogram(distances, bin_width=4, max_distance=63):
    bins = Counter(min(d, max_distance) // bin_width for d in distances)
    return [(f"{b * bin_width}-{b * bin_width + bin_width - 1}", bins.get(b, 0))
            for b in range(max_distance // bin_width + 1)]


def html_table(rows, columns):
    """An HTML table of rows (dicts) with columns [(key, heading)]; every cell escaped."""
    head = "".join(f"<th>{html.escape(heading)}</th>" for _, heading in columns)
    body = ("<tr>" + "".join(f"<td>{html.escape(str(row.get(key, '')))}</td>"
                             for key, _ in columns) + "</tr>" for row in rows)
    return "\n".join([f"<table><tr>{head}</tr>", *body, "</table>"])


def write_html(path, rows, scanned):
    verdicts = Counter()
    seen = {}
    for row in rows:
        seen[row["path"]] = row["verdict"]
    verdicts.update(seen.values())
    per_bank = Counter(r["bank"] for r in rows if r.get("bank"))
    distances = [int(r["distance"]) for r in rows if r.get("signal_type") == "pdq"]
    matches = sorted((r for r in rows if r.get("bank")),  # stable: scan order within a verdict
                     key=lambda r: VERDICT_ORDER.get(r["verdict"], len(VERDICT_ORDER)))
    errors = list({r["path"]: r for r in rows if r.get("error")}.values())  # one per file
    body = [
        "<!doctype html><html><head><meta charset='utf-8'>",
        f'<meta http-equiv="Content-Security-Policy" content="{CONTENT_SECURITY_POLICY}">',
        "<title>Vigil triage report</title>",
        "<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}"
        "td,th{border:1px solid #ccc;padding:2px 8px}</style></head><body>",
        "<h1>Vigil triage report</h1>",
        f"<p>{scanned} files scanned, {len(matches)} matches in "
        f"{len({r['path'] for r in matches})} files, {len(errors)} files not fully checked. "
        "No media is shown in this report.</p>",
        "<table><tr><th>verdict</th><th>files</th></tr>",
        *(f"<tr><td>{html.escape(v)}</td><td>{n}</td></tr>" for v, n in sorted(verdicts.items())),
        "</table>",
        svg_bars(sorted(per_bank.items()), "Matches per bank"),
        svg_bars(distance_histogram(distances), "PDQ match distances"),
        "<h2>Matches</h2>",
        html_table(matches, MATCH_TABLE) if matches else "<p>No matches.</p>",
        "<h2>Files not fully checked</h2>",
        "<p>Files that could not be read were not matched at all; files that did not decode "
        "were matched by their bytes (MD5, SHA-*) only.</p>",
        html_table(errors, [("path", "path"), ("error", "error")]) if errors
        else "<p>None.</p>",
        "</body></html>",
    ]
    Path(path).write_text("\n".join(body), encoding="utf-8")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--config", required=True, help="engine TOML naming banks and rules")
    parser.add_argument("--csv", default="triage.csv")
    parser.add_argument("--html", default="triage.html")
    parser.add_argument("--jobs", type=int, default=0)
    args = parser.parse_args(argv)

    engine = vigil.Engine(args.config)
    rows, scanned = [], 0
    for path, result in scan_folder(engine, args.folder, args.jobs):
        scanned += 1
        rows.extend(rows_for(path, result))
    with open(args.csv, "w", newline="") as f:
        writer = csv.DictWriter(f, COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    write_html(args.html, rows, scanned)
    print(f"{scanned} files, {sum(1 for r in rows if r.get('bank'))} matches -> "
          f"{args.csv}, {args.html}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
