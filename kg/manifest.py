"""manifest.json: a build folder's state, what its extractions were made with, and the files kg wrote.

A folder's manifest is what lets kg trust it: `--update` reuses extractions only when their `MadeWith`
equals the new build's, reads the same sources again with the same selection, and kg replaces or deletes
only the files the manifest lists. A manifest is written "committing" before a build's files are put in
place and "complete" after (kg.workspace).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

COMMITTING = "committing"
COMPLETE = "complete"


@dataclass(frozen=True)
class MadeWith:
    """What extractions were made with: stored ones are reused only by a run with an equal MadeWith."""

    kg_version: str
    mode: str
    # sha256 of each resource the mode extracts with (kg.extract.fingerprint).
    fingerprints: dict[str, str]

    def changes_from(self, earlier: MadeWith) -> str:
        """What differs from `earlier`, in words for the user ("" when nothing does)."""
        changes = []
        if earlier.mode != self.mode:
            changes.append(f"mode {earlier.mode} -> {self.mode}")
        if earlier.kg_version != self.kg_version:
            changes.append(f"kg {earlier.kg_version} -> {self.kg_version}")
        for name in sorted(earlier.fingerprints.keys() & self.fingerprints.keys()):
            if earlier.fingerprints[name] != self.fingerprints[name]:
                changes.append(f"{name} data changed")
        return ", ".join(changes)


@dataclass
class Manifest:
    """manifest.json: the build state of a folder, and the list of files kg wrote there."""

    state: str
    made_with: MadeWith
    # The source paths read into this folder, by this build and every earlier one it updated.
    sources: list[str]
    # File name -> {"sha256": ..., "size": ...}.
    files: dict[str, dict[str, object]]
    # While committing: kg's files of the earlier build that this one no longer writes, to delete.
    removed: list[str] = field(default_factory=list)
    # The records this folder keeps (--category/--since/--until, kg.ingest.selection's dict form; empty: all),
    # so an --update reads its sources again with the same selection.
    selection: dict[str, object] = field(default_factory=dict)

    def as_dict(self) -> dict[str, object]:
        return {
            "state": self.state,
            **({"removed": self.removed} if self.removed else {}),
            "kg_version": self.made_with.kg_version,
            "mode": self.made_with.mode,
            "fingerprints": self.made_with.fingerprints,
            "sources": self.sources,
            **({"selection": self.selection} if self.selection else {}),
            "files": self.files,
        }

    def as_json(self) -> str:
        """manifest.json's text: the same bytes wherever kg writes it (an output folder, a published copy)."""
        return json.dumps(self.as_dict(), indent=2, sort_keys=True) + "\n"

    @classmethod
    def from_dict(cls, row: dict) -> Manifest:
        return cls(
            state=row["state"],
            made_with=MadeWith(row["kg_version"], row["mode"], dict(row["fingerprints"])),
            sources=list(row["sources"]),
            files={name: dict(facts) for name, facts in row["files"].items()},
            removed=list(row.get("removed", [])),
            selection=dict(row.get("selection", {})),
        )
