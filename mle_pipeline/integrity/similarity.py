"""Code similarity between an agent's code and its competition's reference notebooks.

``copydetect`` (winnowed k-gram fingerprints over pygments tokens with names and strings
normalised, as MOSS does; pure Python, maintained on PyPI) instead of MLE-bench's Dolos,
which needs Node. Renaming variables, adding comments or reordering blocks leaves most
fingerprints in place; independent code for the same task shares only short idioms.

The score of a pair is the share of the agent file's fingerprinted tokens found in the
reference (copydetect's similarity of the "test" side); a run's score is its highest pair.
"""

from __future__ import annotations

import io
import json
from dataclasses import dataclass, field
from pathlib import Path

NOISE_TOKENS = 25  # copydetect's defaults: shorter matches are noise,
GUARANTEE_TOKENS = 30  # matches this long are always found
DEFAULT_THRESHOLD = 0.5  # chosen on the labelled set (benchmarks/similarity_threshold.py)
MIN_FILTERED_CHARS = 100  # smaller agent files are not compared: too little to judge
MAX_FILE_BYTES = 2_000_000
MAX_FRAGMENTS = 5
MAX_AGENT_FILES = 200  # compared per run (largest first); more are listed as not compared
AGENT_SUFFIXES = {".py": "python", ".ipynb": "python", ".R": "r", ".r": "r", ".jl": "julia"}


class CodeError(ValueError):
    """A code file that cannot be read as code; the message names it."""


def notebook_code(text: str, name: str) -> str:
    """The code cells of a Jupyter notebook, joined, magics and shell lines dropped."""
    try:
        notebook = json.loads(text)
    except ValueError as err:
        raise CodeError(f"{name} is not a JSON notebook ({err})") from None
    cells = notebook.get("cells") if isinstance(notebook, dict) else None
    if not isinstance(cells, list):
        raise CodeError(f"{name} has no 'cells' list: not a Jupyter notebook")
    chunks = []
    for cell in cells:
        if not isinstance(cell, dict) or cell.get("cell_type") != "code":
            continue
        source = cell.get("source", "")
        source = "".join(source) if isinstance(source, list) else str(source)
        lines = [ln for ln in source.splitlines() if not ln.lstrip().startswith(("%", "!"))]
        chunks.append("\n".join(lines))
    return "\n\n".join(chunks)


def read_code(path: Path) -> str:
    """A file's code (a notebook's code cells); raises CodeError naming the file."""
    if path.stat().st_size > MAX_FILE_BYTES:
        raise CodeError(f"{path} is larger than {MAX_FILE_BYTES} bytes: not compared")
    text = path.read_text(encoding="utf-8", errors="replace")
    if path.suffix in (".ipynb", ".irnb", ".ijlnb"):
        return notebook_code(text, str(path))
    return text


def language_of(path: Path) -> str:
    return {".irnb": "r", ".Rmd": "r", ".ijlnb": "julia", ".sql": "sql"}.get(
        path.suffix, AGENT_SUFFIXES.get(path.suffix, "python")
    )


@dataclass
class Fingerprinted:
    name: str
    code: str
    print_: object  # copydetect.CodeFingerprint

    @property
    def size(self) -> int:
        return len(self.print_.filtered_code)


def fingerprint(name: str, code: str, language: str = "python") -> Fingerprinted:
    from copydetect import CodeFingerprint

    window = GUARANTEE_TOKENS - NOISE_TOKENS + 1
    fp = CodeFingerprint(name, NOISE_TOKENS, window, fp=io.StringIO(code), language=language)
    return Fingerprinted(name, code, fp)


@dataclass
class Match:
    agent_file: str
    reference: str
    similarity: float  # share of the agent file found in the reference
    reference_similarity: float  # share of the reference found in the agent file
    # The longest matching fragments on each side: {"agent": [...], "reference": [...]}.
    fragments: dict = field(default_factory=dict)


def _lines(code: str, start: int, end: int) -> tuple[int, int]:
    return code.count("\n", 0, start) + 1, code.count("\n", 0, max(start, end - 1)) + 1


def _fragments(code: str, slices, limit: int) -> list[dict]:
    spans = sorted(zip(slices[0], slices[1], strict=True), key=lambda s: s[0] - s[1])[:limit]
    out = []
    for start, end in sorted(spans):
        first, last = _lines(code, int(start), int(end))
        text = code[int(start) : int(end)]
        out.append(
            {"lines": f"{first}-{last}", "text": text[:400] + ("…" if len(text) > 400 else "")}
        )
    return out


def compare(agent: Fingerprinted, reference: Fingerprinted) -> Match:
    from copydetect import compare_files

    _, (sim_agent, sim_ref), slices = compare_files(agent.print_, reference.print_)
    match = Match(agent.name, reference.name, round(float(sim_agent), 4), round(float(sim_ref), 4))
    if sim_agent > 0:
        agent_frag = _fragments(agent.print_.raw_code, slices[0], MAX_FRAGMENTS)
        ref_frag = _fragments(reference.print_.raw_code, slices[1], MAX_FRAGMENTS)
        match.fragments = {"agent": agent_frag, "reference": ref_frag}
    return match


def best_match(agent_files: list[Fingerprinted], references: list[Fingerprinted]) -> Match | None:
    """The most similar (agent file, reference) pair; None when nothing is comparable."""
    best = None
    for agent in agent_files:
        if agent.size < MIN_FILTERED_CHARS:
            continue
        for reference in references:
            match = compare(agent, reference)
            if best is None or match.similarity > best.similarity:
                best = match
    return best


def agent_code_files(home: Path, scripts_run: list[str]) -> list[Path]:
    """What the agent left in ``code/`` and the scripts it ran that are still in its
    workspace; symbolic links (which could point at the answers) and ``data/`` are skipped."""
    root = home.resolve()
    candidates = [*(home / "code").rglob("*"), *(Path(s) for s in scripts_run)]
    found = set()
    for path in candidates:
        if path.is_symlink() or not path.is_file() or path.suffix not in AGENT_SUFFIXES:
            continue
        real = path.resolve()
        if real.is_relative_to(root) and not real.is_relative_to(root / "data"):
            found.add(real)
    return sorted(found)


def limit_files(files: list[Path]) -> tuple[list[Path], int]:
    """The ``MAX_AGENT_FILES`` largest of ``files`` (in name order) and how many were left."""
    if len(files) <= MAX_AGENT_FILES:
        return files, 0
    kept = sorted(files, key=lambda p: p.stat().st_size, reverse=True)[:MAX_AGENT_FILES]
    return sorted(kept), len(files) - MAX_AGENT_FILES
