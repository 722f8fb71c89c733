"""``pytest --fixer``: every finding becomes a failing test item, so drift fails the run.

Registered through the ``pytest11`` entry point (``fixer = "fixer.pytest_plugin"``), inert
unless ``--fixer`` is given. Then the tree at ``--fixer-root`` (default: pytest's rootdir) is
diagnosed once, with its ``[tool.fixer]`` configuration, suppressions and baseline, and each
finding is one item, ``<path>::<CODE> <symbol>``, that fails with the finding's text report
(code frame, "did you mean", evidence, fix safety). A clean tree adds no items; once the drift
is repaired (``fixer apply``) the items are gone and the run passes where it started.

Items are added after collection (``pytest_collection_modifyitems``, run first so ``-k`` and
``-m`` still select among them), under one collector per file, since pytest's own walk may
never reach a compose file outside ``testpaths``. A configuration error is one failing item.
See ``docs/decisions/053-pytest-plugin-items.md``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from fixer import reports
from fixer.errors import FixerError
from fixer.model import Diagnosis, Finding


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("fixer", "configuration drift (fixer)")
    group.addoption(
        "--fixer",
        action="store_true",
        default=False,
        help="Diagnose drift with fixer: one failing test item per finding.",
    )
    group.addoption(
        "--fixer-root",
        default=None,
        metavar="PATH",
        help="Tree fixer diagnoses (default: the rootdir).",
    )


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "fixer: a fixer drift finding")


class FixerDrift(Exception):
    """Raised by an item whose finding is still there."""


class FixerFile(pytest.File):
    def collect(self):  # type: ignore[override]
        return []


class FindingItem(pytest.Item):
    def __init__(self, *, finding: Finding | None, text: str, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.finding = finding
        self.text = text
        self.add_marker("fixer")

    def runtest(self) -> None:
        raise FixerDrift(self.text)

    def repr_failure(self, excinfo, style=None):  # type: ignore[no-untyped-def,override]
        if isinstance(excinfo.value, FixerDrift):
            return self.text
        return super().repr_failure(excinfo)

    def reportinfo(self):  # type: ignore[no-untyped-def,override]
        line = self.finding.line - 1 if self.finding else 0
        rule = self.finding.rule if self.finding else "config"
        return self.path, line, f"fixer {rule}: {self.name}"


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(
    session: pytest.Session, config: pytest.Config, items: list[pytest.Item]
) -> None:
    if not config.getoption("fixer"):
        return
    root = Path(config.getoption("fixer_root") or config.rootpath).resolve()
    items.extend(collect_findings(session, root))


def collect_findings(session: pytest.Session, root: Path) -> list[pytest.Item]:
    from fixer.config import load_config
    from fixer.pipeline import diagnose

    try:
        run = diagnose(root, load_config(root))
    except FixerError as exc:
        parent = FixerFile.from_parent(session, path=root / "fixer-configuration")
        return [
            FindingItem.from_parent(
                parent, name="configuration", finding=None, text=f"fixer could not run: {exc}"
            )
        ]
    files: dict[str, FixerFile] = {}
    out: list[pytest.Item] = []
    read = _reader(run)
    for f in run.diagnosis.findings:
        if f.path not in files:
            files[f.path] = FixerFile.from_parent(session, path=root / f.path)
        text = reports.to_text(Diagnosis((f,)), source=read).rsplit("\n", 2)[0]
        name = f"{f.rule} {f.symbol}"
        out.append(FindingItem.from_parent(files[f.path], name=name, finding=f, text=text))
    return out


def _reader(run):  # type: ignore[no-untyped-def]
    def read(rel: str) -> str | None:
        try:
            return run.workspace.read(rel).text
        except FixerError:
            return None

    return read
