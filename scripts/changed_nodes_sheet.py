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
import random
from pathlib import Path

from kg.graph.readwrite import read_json
from kg.training.audit import read_judged, sample_rows, write_sample

# At least this many controls per graph pair, and at least one control for every four changed rows.
MIN_CONTROLS = 8
HEADER = [
    "entity nodes of graphs built from held-out text, in random order",
    "judge each row: correct | wrong_type | bad_boundary | not_entity (evidence shows the first mention in [[ ]]);"
    " summarize with `kg audit summary FILE`",
]


def entity_rows(folder: Path) -> dict[str, dict[str, str]]:
    """Every entity node of the folder's graph as an unjudged audit row, by node id."""
    graph = read_json(folder / "graph.json")
    rows, _ = sample_rows(graph, graph.number_of_nodes(), seed=0)
    return {row["id"]: row for row in rows}


def judged(sheets: str) -> dict[tuple[str, str], str]:
    """(node id, name) -> judgement, from judged audit sheets joined by '+'."""
    return {(row["id"], row["name"]): row["judgement"]
            for sheet in sheets.split("+") for row in read_judged(Path(sheet))}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out", type=Path)
    parser.add_argument("pairs", nargs="+", help="BEFORE:AFTER:LABELS[+LABELS...]")
    parser.add_argument("--seed", type=int, required=True)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    rows: list[tuple[dict[str, str], tuple[str, ...]]] = []  # (sheet row, key row)
    for pair in args.pairs:
        before_dir, after_dir, sheets = pair.split(":")
        before, after = entity_rows(Path(before_dir)), entity_rows(Path(after_dir))
        labels = judged(sheets)
        changed = len(rows)
        for node in sorted(set(before) - set(after)):
            label = labels.get((node, before[node]["name"]), "")
            rows.append((before[node], (after_dir, "removed", node, before[node]["name"], label)))
        for node in sorted(after):
            old = before.get(node)
            if old is None or (old["name"], old["type"]) != (after[node]["name"], after[node]["type"]):
                rows.append((after[node], (after_dir, "new" if old is None else "renamed", node,
                                           after[node]["name"], "")))
        changed = len(rows) - changed
        unchanged = [node for node in sorted(after) if node in before
                     and before[node]["name"] == after[node]["name"]
                     and (node, after[node]["name"]) in labels
                     and before[node]["evidence"] == after[node]["evidence"]]
        for node in rng.sample(unchanged, min(len(unchanged), max(MIN_CONTROLS, changed // 4))):
            rows.append((after[node], (after_dir, "control", node, after[node]["name"],
                                       labels[(node, after[node]["name"])])))
    rng.shuffle(rows)
    write_sample(args.out, [row for row, _ in rows], HEADER)
    key = args.out.with_name(args.out.stem + ".key.tsv")
    key.write_text("graph\tchange\tid\tname\tearlier judgement\n"
                   + "".join("\t".join(fields) + "\n" for _, fields in rows), encoding="utf-8")
    print(f"{len(rows)} rows ({sum(fields[1] == 'control' for _, fields in rows)} controls) -> {args.out}, {key}")


if __name__ == "__main__":
    main()
