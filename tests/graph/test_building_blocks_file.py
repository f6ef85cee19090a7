"""The shipped building-block shares (kg.graph.specificity) are what scripts/build_building_blocks.py computes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SHIPPED = REPO / "kg" / "resources" / "gazetteer" / "building_blocks.json"


def test_build_script_reproduces_the_shipped_file(tmp_path: Path, shared: Path) -> None:
    out = tmp_path / "building_blocks.json"
    subprocess.run(
        [sys.executable, str(REPO / "scripts" / "build_building_blocks.py"), "--shared", str(shared), "--out", str(out)],
        check=True, capture_output=True,
    )
    assert out.read_bytes() == SHIPPED.read_bytes()
