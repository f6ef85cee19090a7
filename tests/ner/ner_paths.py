"""Paths of the NER tests' fixture files, importable by a name no other test folder uses (a module
named `conftest` resolves to whichever folder's conftest pytest imported first)."""

from __future__ import annotations

from pathlib import Path

FIXTURES = Path(__file__).resolve().parent / "fixtures"
