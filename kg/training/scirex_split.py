"""The fixed three-way split of the SciREX papers, so training, model choice and the quality audit never share a paper.

A paper's part depends only on its `doc_id` (a hash), never on file order, so every tool and every session
agrees on it. About half the papers train, a sixth choose settings, and a third are set aside: nothing is
trained, tuned or eyeballed on the set-aside part; it only produces the held-out figures and the audit graph.
"""

from __future__ import annotations

import hashlib
from typing import Literal

SplitName = Literal["train", "dev", "test"]
SPLITS: tuple[SplitName, ...] = ("train", "dev", "test")


def scirex_split(doc_id: str) -> SplitName:
    """'train', 'dev' or 'test' (set aside) for a SciREX `doc_id`."""
    bucket = int(hashlib.sha1(doc_id.encode("utf-8")).hexdigest(), 16) % 6
    if bucket in (0, 1):
        return "test"
    if bucket == 2:
        return "dev"
    return "train"
