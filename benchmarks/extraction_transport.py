"""What it costs to send an Extraction back from a worker process, per form: dataclass, tuple, dict.

A worker packs its Extractions, multiprocessing pickles them through a pipe, and the
parent unpickles and unpacks them. This times those four steps in one process (CPU
time, best of --repeat) over the seed abstracts' fast-mode extractions, copied --copies
times with fresh strings (as a worker's would be), and prints bytes per extraction.
kg/extract/serialize.py keeps the cheapest form for the pipe.

    .venv/bin/python benchmarks/extraction_transport.py [--repeat 15] [--copies 8]
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import pickle
import time
from pathlib import Path

from kg.extract.pipeline import load_extractor
from kg.extract.serialize import extraction_from_dict, extraction_from_tuple, extraction_to_dict, extraction_to_tuple
from kg.ingest import read_sources
from kg.records import PaperRecord

FORMS = {
    "dataclass": (lambda e: e, lambda e: e),
    "tuple": (extraction_to_tuple, extraction_from_tuple),
    "dict": (extraction_to_dict, extraction_from_dict),
}


def seed_papers() -> list[tuple[str, str, str, list[str]]]:
    shared = Path(os.environ.get("KG_SHARED_DIR", Path(__file__).resolve().parents[1] / ".." / "shared"))
    records = [r for r in read_sources([shared / "seeds"]) if isinstance(r, PaperRecord)]
    return [(f"seed:{n}", r.title, r.abstract, list(r.links)) for n, r in enumerate(records)]


def steps(extractions: list, form: str) -> tuple[float, float, float, float, int]:
    """CPU seconds to pack, pickle, unpickle and unpack all of them, and the pickled size."""
    pack, unpack = FORMS[form]
    clock = time.process_time
    gc.collect()  # start each run from the same heap: the last run's garbage would bill this one
    t0 = clock()
    packed = [pack(e) for e in extractions]
    t1 = clock()
    data = pickle.dumps(packed, protocol=pickle.HIGHEST_PROTOCOL)
    t2 = clock()
    loaded = pickle.loads(data)
    t3 = clock()
    back = [unpack(p) for p in loaded]
    t4 = clock()
    assert back == extractions
    return t1 - t0, t2 - t1, t3 - t2, t4 - t3, len(data)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--copies", type=int, default=8)
    args = parser.parse_args()
    once = list(load_extractor("fast").extract(seed_papers()))
    # A JSON round trip gives every copy its own strings, so pickle cannot share them between copies.
    copies = range(args.copies)
    extractions = [extraction_from_dict(json.loads(json.dumps(extraction_to_dict(e)))) for _ in copies for e in once]
    count = len(extractions)
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    print(f"{count} extractions; CPU us per extraction, best of {args.repeat}; load average {load}")
    print(f"{'form':10s} {'pack':>6s} {'pickle':>7s} {'unpickle':>8s} {'unpack':>7s} {'total':>7s} {'bytes':>6s}")
    for form in FORMS:
        runs = [steps(extractions, form) for _ in range(args.repeat)]
        best = [min(run[i] for run in runs) / count * 1e6 for i in range(4)]
        size = runs[0][4] / count
        print(f"{form:10s} {best[0]:6.1f} {best[1]:7.1f} {best[2]:8.1f} {best[3]:7.1f} {sum(best):7.1f} {size:6.0f}")


if __name__ == "__main__":
    main()
