"""Which raw files changed on disk since their manifest recorded them.

Cheap by default: a file is looked at again only when its size or modification time
differs from the recorded ones (``stat``), as ``make`` and ``rsync`` decide. ``verify``
rehashes every file, which also catches an edit that kept size and modification time.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from mle_pipeline.atomic import TMP_PREFIX, file_digests

Stat = tuple[int, int]  # (size in bytes, modification time in ns)


def file_stat(path: Path) -> Stat:
    info = path.stat()
    return info.st_size, info.st_mtime_ns


def tree_stats(folder: Path) -> dict[str, Stat]:
    """Size and modification time of every file below ``folder`` (keys as ``tree_digests``)."""
    return {
        path.relative_to(folder).as_posix(): file_stat(path)
        for path in sorted(folder.rglob("*"))
        if path.is_file() and not path.name.startswith(TMP_PREFIX)
    }


@dataclass(frozen=True)
class FileChange:
    """One raw file as recorded and as it is now (``None`` on the side where it is absent)."""

    file: str
    recorded: dict | None  # md5, sha256, size, mtime_ns
    current: dict | None

    @property
    def kind(self) -> str:
        if self.recorded is None:
            return "added"
        return "removed" if self.current is None else "modified"

    def as_row(self) -> dict:
        def side(entry: dict | None, key: str):
            return None if entry is None else entry.get(key)

        return {
            "file": self.file,
            "change": self.kind,
            "recorded_md5": side(self.recorded, "md5"),
            "current_md5": side(self.current, "md5"),
            "recorded_size": side(self.recorded, "size"),
            "current_size": side(self.current, "size"),
            "recorded_mtime_ns": side(self.recorded, "mtime_ns"),
            "current_mtime_ns": side(self.current, "mtime_ns"),
        }


def _entry(digests: dict[str, str] | None, stat: Stat | None) -> dict | None:
    if digests is None:
        return None
    size, mtime = stat if stat is not None else (None, None)
    return {**digests, "size": size, "mtime_ns": mtime}


def stat_changed(
    recorded: dict[str, Stat] | None, folder: Path, current: dict[str, Stat] | None = None
) -> list[str]:
    """Files added, removed or with another size/mtime (all files when nothing was recorded)."""
    current = tree_stats(folder) if current is None else current
    if recorded is None:
        return sorted(current)
    return sorted(
        name
        for name in set(recorded) | set(current)
        if tuple(recorded.get(name) or ()) != tuple(current.get(name) or ())
    )


def detect_changes(
    files: dict[str, dict[str, str]],
    stats: dict[str, Stat] | None,
    folder: Path,
    *,
    verify: bool = False,
) -> tuple[list[FileChange], dict[str, dict[str, str]], dict[str, Stat]]:
    """Compare ``folder`` with the recorded digests and stats.

    Returns the changes, and the digests and stats of the folder as it is now (rehashing
    only files whose stat differs, or every file with ``verify`` or without recorded stats).
    """
    now_stats = tree_stats(folder)
    suspects = set(now_stats) if verify else set(stat_changed(stats, folder, now_stats))
    suspects |= set(files) ^ set(now_stats)
    now_files = {
        name: file_digests(folder / name) if name in suspects else files[name] for name in now_stats
    }
    return diff_files(files, stats, now_files, now_stats), now_files, now_stats


def diff_files(
    old: dict[str, dict[str, str]],
    old_stats: dict[str, Stat] | None,
    new: dict[str, dict[str, str]],
    new_stats: dict[str, Stat] | None,
) -> list[FileChange]:
    """Files whose digests differ between two recordings of a folder."""
    old_stats, new_stats = old_stats or {}, new_stats or {}
    return [
        FileChange(
            name,
            _entry(old.get(name), old_stats.get(name)),
            _entry(new.get(name), new_stats.get(name)),
        )
        for name in sorted(set(old) | set(new))
        if old.get(name) != new.get(name)
    ]
