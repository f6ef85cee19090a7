"""Write a blind judge's sheet of the entity nodes a change touched on held-out graphs, with unchanged
nodes as controls, shuffled, and a key file saying which row is which.

A census or sample judges a graph once; a later rule change is checked on held-out text by judging only
what it changed: every node the change removed (as it was), added or renamed (as it is), plus unchanged
nodes whose earlier judgement is known, so that the judge's agreement with the earlier one can be read.
The judge sees one sheet in audit format (`kg audit summary` reads it) and never the key.

Usage: .venv/bin/python scripts/changed_nodes_sheet.py OUT.tsv --seed S BEFORE:AFTER:LABELS[+LABELS...] ...

BEFORE and AFTER are `kg build` output folders of the same held-out input (before and after the change),
LABELS the judged sheets of BEFORE's graph (later ones win). Writes OUT.tsv and OUT.key.tsv.
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
from pathlib import Path

ENTITY_TYPES = ("Method", "Dataset", "Task", "Metric", "Concept")
COLUMNS = "id\ttype\tname\tpapers\tsources\tevidence\tjudgement\tnote"
EVIDENCE = 5
# At least this many controls per graph pair, and at least one control for every four changed rows.
MIN_CONTROLS = 8


def entity_nodes(folder: Path) -> dict[str, dict]:
    graph = json.loads((folder / "graph.json").read_text(encoding="utf-8"))
    return {node["id"]: node for node in graph["nodes"] if node["type"] in ENTITY_TYPES}


def sheet_rows(folder: Path, scratch: Path) -> dict[str, str]:
    """Every entity node of the folder's graph as an unjudged audit row (kg audit sample draws them all)."""
    out = scratch / f"{len(list(scratch.iterdir()))}.tsv"
    subprocess.run([sys.executable, "-m", "kg", "audit", "sample", str(folder / "graph.json"), "--n", "10000000",
                    "--out", str(out)], check=True, capture_output=True)
    rows = (line for line in out.read_text(encoding="utf-8").splitlines() if not line.startswith("#"))
    return {line.split("\t")[0]: line for line in rows if line != COLUMNS}


def judged(sheets: str) -> dict[tuple[str, str], str]:
    """(node id, name) -> judgement, from judged audit sheets joined by '+'."""
    labels = {}
    for sheet in sheets.split("+"):
        for line in Path(sheet).read_text(encoding="utf-8").splitlines():
            fields = line.split("\t")
            if not line.startswith("#") and line != COLUMNS and len(fields) > 6 and fields[6]:
                labels[(fields[0], fields[2])] = fields[6]
    return labels


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out", type=Path)
    parser.add_argument("pairs", nargs="+", help="BEFORE:AFTER:LABELS[+LABELS...]")
    parser.add_argument("--seed", type=int, required=True)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    rows: list[tuple[str, tuple[str, ...]]] = []  # (sheet row, key row)
    with tempfile.TemporaryDirectory() as scratch:
        for pair in args.pairs:
            before_dir, after_dir, sheets = pair.split(":")
            before, after = entity_nodes(Path(before_dir)), entity_nodes(Path(after_dir))
            before_rows = sheet_rows(Path(before_dir), Path(scratch))
            after_rows = sheet_rows(Path(after_dir), Path(scratch))
            labels = judged(sheets)
            changed = len(rows)
            for node in sorted(set(before) - set(after)):
                label = labels.get((node, before[node]["name"]), "")
                rows.append((before_rows[node], (after_dir, "removed", node, before[node]["name"], label)))
            for node in sorted(after):
                old = before.get(node)
                if old is None or (old["name"], old["type"]) != (after[node]["name"], after[node]["type"]):
                    rows.append((after_rows[node], (after_dir, "new" if old is None else "renamed", node,
                                                    after[node]["name"], "")))
            changed = len(rows) - changed
            unchanged = [node for node in sorted(after) if node in before
                         and before[node]["name"] == after[node]["name"]
                         and (node, after[node]["name"]) in labels
                         and before_rows[node].split("\t")[EVIDENCE] == after_rows[node].split("\t")[EVIDENCE]]
            for node in rng.sample(unchanged, min(len(unchanged), max(MIN_CONTROLS, changed // 4))):
                rows.append((after_rows[node], (after_dir, "control", node, after[node]["name"],
                                                labels[(node, after[node]["name"])])))
    rng.shuffle(rows)
    header = [
        "# entity nodes of graphs built from held-out text, in random order",
        "# judge each row: correct | wrong_type | bad_boundary | not_entity (evidence shows the first mention in "
        "[[ ]]); summarize with `kg audit summary FILE`",
    ]
    args.out.write_text("\n".join([*header, COLUMNS, *(row for row, _ in rows)]) + "\n", encoding="utf-8")
    key = args.out.with_name(args.out.stem + ".key.tsv")
    key.write_text("graph\tchange\tid\tname\tearlier judgement\n"
                   + "".join("\t".join(fields) + "\n" for _, fields in rows), encoding="utf-8")
    print(f"{len(rows)} rows ({sum(fields[1] == 'control' for _, fields in rows)} controls) -> {args.out}, {key}")


if __name__ == "__main__":
    main()
