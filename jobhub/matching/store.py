"""Index files on disk, written so that a reader never sees a half-written index.

Every save goes to a new version directory (``versions/<time>-<id>/``). Its files are written
first, then ``manifest.json`` with the SHA-256 of each file, and only then does the
``CURRENT`` pointer move to it (written to a temporary name and renamed, which is atomic on
POSIX). A reader takes the current version if its files match the manifest, else the newest
older version that does: a truncated file, a crash halfway through a rebuild or a tampered
array is never loaded. The two newest complete versions are kept.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

CURRENT = "CURRENT"
MANIFEST = "manifest.json"
VERSIONS = "versions"
KEEP = 2


class IndexUnavailable(Exception):
    """No complete index version in the directory."""


def _digest(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def new_version(directory: Path) -> Path:
    """An empty version directory to write a new index into."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f")
    path = directory / VERSIONS / f"{stamp}-{uuid.uuid4().hex[:8]}"
    path.mkdir(parents=True)
    return path


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def commit(directory: Path, version: Path, note: dict | None = None) -> None:
    """Seal a written version with its manifest and make it the current one."""
    files = sorted(p for p in version.iterdir() if p.is_file() and p.name != MANIFEST)
    for path in files:
        _fsync(path)
    manifest = {
        "files": {p.name: _digest(p) for p in files},
        "note": note or {},
    }
    tmp = version / (MANIFEST + ".tmp")
    tmp.write_text(json.dumps(manifest, ensure_ascii=True), encoding="ascii")
    _fsync(tmp)
    tmp.replace(version / MANIFEST)
    pointer = directory / (CURRENT + f".{uuid.uuid4().hex[:8]}.tmp")
    pointer.write_text(version.name, encoding="ascii")
    _fsync(pointer)
    pointer.replace(directory / CURRENT)
    _prune(directory, version.name)


def _prune(directory: Path, current: str) -> None:
    """Keep the current version and the newest complete older one; drop the rest of the older
    ones (a newer, unfinished version may be another process's rebuild: left alone)."""
    older = sorted(
        (p for p in (directory / VERSIONS).iterdir() if p.is_dir() and p.name < current),
        reverse=True,
    )
    kept = 0
    for path in older:
        if kept < KEEP - 1 and is_complete(path):
            kept += 1
            continue
        shutil.rmtree(path, ignore_errors=True)


def is_complete(version: Path) -> bool:
    """The version has its manifest and every file matches it."""
    try:
        manifest = json.loads((version / MANIFEST).read_text(encoding="ascii"))
        files = manifest["files"]
        return bool(files) and all(
            _digest(version / name) == digest for name, digest in files.items()
        )
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return False


def note(version: Path) -> dict:
    """What the writer recorded with the version (e.g. the time its rows were read)."""
    try:
        found = json.loads((version / MANIFEST).read_text(encoding="ascii")).get("note", {})
    except (OSError, ValueError, AttributeError):
        return {}
    return found if isinstance(found, dict) else {}


def complete_versions(directory: Path) -> Iterator[Path]:
    """Complete versions to load, best first: the current one, then the newest others."""
    seen: set[str] = set()
    try:
        current = (directory / CURRENT).read_text(encoding="ascii").strip()
    except (OSError, ValueError):
        current = ""
    root = directory / VERSIONS
    candidates = [root / current] if current else []
    if root.is_dir():
        candidates += sorted((p for p in root.iterdir() if p.is_dir()), reverse=True)
    for path in candidates:
        if path.name in seen or not path.is_dir():
            continue
        seen.add(path.name)
        if is_complete(path):
            yield path
