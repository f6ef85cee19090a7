"""scripts/changed_nodes_sheet.py: the held-out check of a change holds every node it touched, and controls."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from kg.builder import build

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "changed_nodes_sheet.py"
PAPERS = [
    ("Residual networks on ImageNet", "We train ResNet on ImageNet and report top-1 accuracy. We also use dropout."),
    ("Translation with attention", "We apply the Transformer to WMT 2014 and report BLEU on newstest."),
    ("Segmentation of scenes", "We evaluate U-Net on Cityscapes and report mIoU for semantic segmentation."),
]


def _graph(tmp_path: Path, name: str, papers: list[tuple[str, str]]) -> Path:
    source = tmp_path / f"{name}.jsonl"
    source.write_text("".join(json.dumps({"title": t, "abstract": a}) + "\n" for t, a in papers), encoding="utf-8")
    build([source], tmp_path / name, mode="fast", html=False)
    return tmp_path / name


def _entities(folder: Path) -> dict[str, str]:
    graph = json.loads((folder / "graph.json").read_text(encoding="utf-8"))
    return {node["id"]: node["name"] for node in graph["nodes"]
            if node["type"] in ("Method", "Dataset", "Task", "Metric", "Concept")}


def test_every_touched_node_is_a_row_and_controls_carry_their_earlier_judgement(tmp_path: Path) -> None:
    before = _graph(tmp_path, "before", PAPERS)
    # The change: the third paper now names other things, the first keeps its own.
    after = _graph(tmp_path, "after", [*PAPERS[:2], ("Detection of objects", "We train YOLO on COCO and report mAP.")])
    labels = tmp_path / "labels.tsv"
    subprocess.run([sys.executable, "-m", "kg", "audit", "sample", str(before / "graph.json"), "--n", "1000",
                    "--out", str(labels)], check=True, capture_output=True)
    judged = [line if line.startswith(("#", "id\t")) else "\t".join(line.split("\t")[:6] + ["correct", ""])
              for line in labels.read_text(encoding="utf-8").splitlines()]
    labels.write_text("\n".join(judged) + "\n", encoding="utf-8")

    sheet = tmp_path / "changed.tsv"
    subprocess.run([sys.executable, str(SCRIPT), str(sheet), "--seed", "3", f"{before}:{after}:{labels}"],
                   check=True, capture_output=True, text=True)
    key = [line.split("\t") for line in (tmp_path / "changed.key.tsv").read_text(encoding="utf-8").splitlines()[1:]]
    old, new = _entities(before), _entities(after)
    assert set(old) - set(new) and set(new) - set(old)
    assert {(row[1], row[2]) for row in key if row[1] != "control"} == (
        {("removed", node) for node in set(old) - set(new)} | {("new", node) for node in set(new) - set(old)})
    controls = [row for row in key if row[1] == "control"]
    assert controls and all(row[4] == "correct" and row[2] in old and row[2] in new for row in controls)
    rows = [line for line in sheet.read_text(encoding="utf-8").splitlines() if not line.startswith(("#", "id\t"))]
    assert [row.split("\t")[0] for row in rows] == [row[2] for row in key]  # the key names each row in order
    assert all(row.split("\t")[6] == "" for row in rows)  # the judge sees no earlier judgement
