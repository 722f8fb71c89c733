"""Stage 5, apply: turn a plan into new file contents, show them as a diff, or write them.

Writing is all or nothing (see ``docs/decisions/003-transactional-apply.md``):

1. every new content is computed and re-parsed (Python with ``ast``, YAML with ruamel)
   before the first write; a result that does not parse stops the run, nothing written;
2. each file is written to a temporary file in its own folder, flushed and fsynced, and
   moved over the original with ``os.replace``, keeping its mode bits;
3. if any write fails, the files already replaced are put back from memory;
4. a lock file (``.fixer.lock`` at the root, created with ``O_EXCL``) keeps two fixer
   processes from applying to the same tree at once.

Files are re-read and compared with what the plan was computed from: a file changed in
between is refused rather than overwritten. Symlinked files are never written through.
"""

from __future__ import annotations

import ast
import contextlib
import difflib
import os
import stat
import tempfile
import warnings
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from codemods import yaml_edit
from fixer.errors import FixerError
from fixer.model import Edit
from fixer.plan import Plan
from fixer.text import LineIndex, SourceText
from fixer.workspace import Workspace

LOCK_NAME = ".fixer.lock"


@dataclass(frozen=True)
class Change:
    """One file's content before and after the plan."""

    path: str
    before: SourceText
    after: str

    @property
    def new_bytes(self) -> bytes:
        return self.before.encode(self.after)


def render(text: str, edits: list[Edit]) -> str:
    """Apply ``edits`` (non-overlapping) to ``text``, from the end of the file backwards."""
    index = LineIndex(text)
    out = text
    for edit in sorted(edits, key=lambda e: (e.start, e.end), reverse=True):
        start, end = index.offset(edit.start), index.offset(edit.end)
        if not 0 <= start <= end <= len(text):
            raise FixerError("edit outside the file", edit.path, edit.start.line)
        out = out[:start] + edit.replacement + out[end:]
    return out


def compute(workspace: Workspace, plan: Plan) -> list[Change]:
    """New content of every file the plan touches, each checked to still parse."""
    changes = []
    for path, edits in plan.edits_by_path().items():
        source = workspace.read(path)
        if path.endswith((".yml", ".yaml")):
            # splices verified one by one: each may change only the scalar it targets
            after = yaml_edit.apply_edits(source.text, edits, path)
        else:
            after = render(source.text, edits)
        if after != source.text:
            check_parses(path, after)
            changes.append(Change(path, source, after))
    return changes


def check_parses(path: str, text: str) -> None:
    """Refuse a result that is no longer valid Python or YAML."""
    if path.endswith(".py"):
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                ast.parse(text, filename=path)
        except SyntaxError as exc:
            raise FixerError(f"fix would break the syntax: {exc.msg}", path, exc.lineno) from None
    elif path.endswith((".yml", ".yaml")):
        # composed, not constructed: a file with duplicate keys (reported, still diagnosed)
        # must stay fixable; what is refused is a result the YAML parser rejects
        from fixer.facts.compose import compose_nodes

        try:
            compose_nodes(path, text)
        except FixerError as exc:
            raise FixerError(f"fix would break the YAML: {exc.message}", path, exc.line) from None


def unified_diff(changes: list[Change]) -> str:
    """One unified diff over every changed file, paths as ``a/`` and ``b/``."""
    chunks = []
    for change in changes:
        chunks.extend(
            difflib.unified_diff(
                change.before.text.splitlines(keepends=True),
                change.after.splitlines(keepends=True),
                fromfile=f"a/{change.path}",
                tofile=f"b/{change.path}",
            )
        )
    return "".join(
        line if line.endswith("\n") else line + "\n\\ No newline at end of file\n"
        for line in chunks
    )


Writer = Callable[[Path, bytes], None]


def write(workspace: Workspace, changes: list[Change], writer: Writer | None = None) -> None:
    """Write every change or none (see the module docstring)."""
    writer = writer or _atomic_write
    with lock(workspace.root):
        originals: dict[Path, bytes] = {}
        for change in changes:
            path = workspace.absolute(change.path)
            if workspace.symlinked(change.path):
                raise FixerError("symlinked file: not written through", change.path, 1)
            current = path.read_bytes()
            if current != change.before.encode():
                raise FixerError("file changed since it was read; run again", change.path, 1)
            originals[path] = current
        done: list[Path] = []
        try:
            for change in changes:
                path = workspace.absolute(change.path)
                writer(path, change.new_bytes)
                done.append(path)
        except (OSError, FixerError) as exc:
            _restore(done, originals)
            where = change.path  # the change whose write failed
            raise FixerError(
                f"write failed ({exc}); restored {len(done)} file(s) already written", where, 1
            ) from exc


def _restore(done: list[Path], originals: Mapping[Path, bytes]) -> None:
    for path in reversed(done):
        _atomic_write(path, originals[path])


def _atomic_write(path: Path, data: bytes) -> None:
    mode = stat.S_IMODE(path.stat().st_mode) if path.exists() else 0o644
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".fixer-tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


@contextlib.contextmanager
def lock(root: Path) -> Iterator[None]:
    """Hold ``.fixer.lock`` at ``root`` for the duration; refuse if another run holds it."""
    path = Path(root) / LOCK_NAME
    try:
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
    except FileExistsError:
        raise FixerError(
            "another fixer run is applying to this tree (remove the lock if it is stale)",
            LOCK_NAME,
            1,
        ) from None
    try:
        os.write(fd, f"{os.getpid()}\n".encode())
        os.close(fd)
        yield
    finally:
        with contextlib.suppress(OSError):
            os.unlink(path)
