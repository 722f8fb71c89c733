"""No false findings: a clean generated repository of a few thousand files using config
classes in every style must give zero FX101 and FX102 findings."""

from __future__ import annotations

from pathlib import Path

from fixer.config import Options
from fixer.facts import gather
from fixer.rules import fx101_missing_config_field as fx101
from fixer.rules import fx102_unknown_config_field_argument as fx102
from fixer.workspace import discover

STYLES = [
    # (imports, decorator/base line, class header suffix, field lines)
    (
        "from dataclasses import dataclass, field\n",
        "@dataclass\n",
        "",
        "    host: str = 'h'\n    ports: list[int] = field(default_factory=list)\n",
    ),
    (
        "import dataclasses\n",
        "@dataclasses.dataclass(frozen=True)\n",
        "",
        "    host: str = 'h'\n    ports: tuple = ()\n",
    ),
    (
        "from dataclasses import dataclass as dc\n",
        "@dc(slots=True, kw_only=True)\n",
        "",
        "    host: str = 'h'\n    ports: tuple = ()\n",
    ),
    (
        "from pydantic import BaseModel, Field\n",
        "",
        "(BaseModel)",
        "    host: str = 'h'\n    ports: list[int] = Field(default_factory=list)\n",
    ),
    (
        "from pydantic_settings import BaseSettings\n",
        "",
        "(BaseSettings)",
        "    host: str = 'h'\n    ports: list[int] = []\n",
    ),
    (
        "import attr\n",
        "@attr.s(auto_attribs=True)\n",
        "",
        "    host: str = 'h'\n    ports: list = attr.Factory(list)\n",
    ),
    (
        "import attr\n",
        "@attr.s\n",
        "",
        "    host = attr.ib(default='h')\n    ports = attr.ib(factory=list)\n",
    ),
    (
        "from attrs import define, field\n",
        "@define\n",
        "",
        "    host: str = 'h'\n    ports: list = field(factory=list)\n",
    ),
    ("from attrs import frozen\n", "@frozen\n", "", "    host: str = 'h'\n    ports: tuple = ()\n"),
    (
        "from typing import NamedTuple\n",
        "",
        "(NamedTuple)",
        "    host: str = 'h'\n    ports: tuple = ()\n",
    ),
]

CONFIG_TEMPLATE = '''{imports}from typing import ClassVar, Optional


{decorator}class Config{suffix}:
    """Settings number {n}."""

{fields}
    KIND: ClassVar[str] = "k{n}"

    @property
    def address(self) -> str:
        return f"{{self.host}}:{n}"

    def describe(self) -> str:
        return self.address


def load_config() -> Config:
    return Config()
'''

USER_TEMPLATE = """import enum
import threading
from typing import Optional

from pkg{n}.config import Config, load_config
from pkg{m}.config import Config as OtherConfig


class Event(enum.Enum):
    START = 1


class Runner:
    config: Config

    def __init__(self, config: Optional[Config] = None, other: "OtherConfig | None" = None):
        self.config = config or Config()
        self.other = other if other is not None else OtherConfig()
        self.stop = threading.Event()

    def run(self, event: Event) -> object:
        cfg = load_config()
        local: Config = load_config()
        if hasattr(self.config, "legacy_timeout"):
            print(self.config.legacy_timeout)
        try:
            print(self.other.maybe_missing)
        except AttributeError:
            pass
        print(getattr(cfg, "debug", False), event.value, event.name, self.stop.is_set())
        return (self.config.host, self.config.ports, self.config.address, self.config.describe(),
                cfg.KIND, local.host, self.other.host, Config.KIND)


def build() -> Config:
    return Config(host="x")
"""

SUB_TEMPLATE = """from pkg{n}.config import Config


class Extended(Config):
    def extra(self) -> str:
        return self.host + self.describe()


def use(e: Extended) -> str:
    return e.host + e.extra() + e.address
"""


def _generate(root: Path, packages: int) -> int:
    count = 0
    for n in range(packages):
        imports, decorator, suffix, fields = STYLES[n % len(STYLES)]
        pkg = root / f"pkg{n}"
        pkg.mkdir(parents=True)
        (pkg / "__init__.py").write_text("")
        (pkg / "config.py").write_text(
            CONFIG_TEMPLATE.format(
                imports=imports, decorator=decorator, suffix=suffix, fields=fields, n=n
            )
        )
        (pkg / "user.py").write_text(USER_TEMPLATE.format(n=n, m=(n * 7 + 3) % packages))
        count += 3
        if not STYLES[n % len(STYLES)][0].startswith(
            ("from typing import NamedTuple", "from attrs import frozen")
        ):
            (pkg / "sub.py").write_text(SUB_TEMPLATE.format(n=n))
            count += 1
    return count


def test_clean_repository_has_no_findings(tmp_path: Path) -> None:
    files = _generate(tmp_path, 800)
    assert files >= 2500
    facts, errors = gather(discover(tmp_path))
    findings = [*fx101.check(facts, Options()), *fx102.check(facts, Options())]
    assert errors == ()
    assert findings == [], [f.message for f in findings[:10]]
    # and the facts did see the reads (this is not a vacuous pass)
    reads = sum(len(m.reads) for m in facts.python.values())
    assert reads > 10 * 800  # how fast: bench/, never a timed test


def test_the_same_repository_with_one_bad_read_per_class_is_caught(tmp_path: Path) -> None:
    _generate(tmp_path, len(STYLES) * 2)
    for user in sorted(tmp_path.glob("pkg*/user.py")):
        text = user.read_text()
        user.write_text(text.replace("cfg.KIND,", "cfg.KIND, cfg.zz_missing,"))
    facts, _ = gather(discover(tmp_path))
    findings = list(fx101.check(facts, Options()))
    assert sorted({f.path for f in findings}) == sorted(
        str(p.relative_to(tmp_path)) for p in tmp_path.glob("pkg*/user.py")
    )
    assert {f.symbol for f in findings} == {"Config.zz_missing"}
