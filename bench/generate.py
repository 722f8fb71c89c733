"""Generate a synthetic monorepo with the shape of a large, drifting one, and its drift manifest.

The shape follows a real repository measured for the scale issue: 8,000 Python files (median
13 KB, 90th percentile 39 KB, largest 500 KB, two thirds of them tests, about 1,150 of them
defining about 1,400 dataclasses, plus pydantic models), 70 YAML files of which 7 are compose
files with 6-15 services each, 13,600 files in all (about 145 MB, 3.3 million lines).

The tree is a git repository with history, so rules that use history have evidence: one commit
moves every Dockerfile from ``docker/`` to ``dockerfiles/`` and another renames the CI runner's
Dockerfile. Exactly one drift of every rule is planted (FX101-FX401); everything else is
realistic noise that must not be reported: dataclasses in many field styles, classes sharing
names with config classes in other modules (plain classes, Enums), pydantic models, tests,
CI YAML files. ``manifest.json`` (written next to the tree, not inside it) lists the drifts.

Deterministic: the same ``--seed`` and ``--scale`` give the same bytes and the same commits.

    python bench/generate.py /tmp/mono --scale 1.0 --seed 7
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import shutil
import subprocess
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path

FULL_PY_FILES = 8000
FULL_FILES = 13600
FULL_DATACLASS_FILES = 1150
FULL_DATACLASSES = 1400
YAML_FILES = 70
MEDIAN_BYTES = 13_000
P90_BYTES = 39_000
MAX_BYTES = 500_000

GIT_ENV = {
    "GIT_AUTHOR_NAME": "bench",
    "GIT_AUTHOR_EMAIL": "bench@fixer.invalid",
    "GIT_COMMITTER_NAME": "bench",
    "GIT_COMMITTER_EMAIL": "bench@fixer.invalid",
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_CONFIG_GLOBAL": os.devnull,
}

WORDS = tuple(
    [
        "account",
        "user",
        "order",
        "payment",
        "invoice",
        "ledger",
        "cart",
        "item",
        "price",
        "stock",
        "warehouse",
        "shipment",
        "route",
        "session",
        "token",
        "tenant",
        "quota",
        "report",
        "metric",
        "event",
        "audit",
        "alert",
        "notice",
        "message",
        "queue",
        "job",
        "task",
        "batch",
        "retry",
        "cache",
        "index",
        "search",
        "query",
        "filter",
        "schema",
        "record",
        "profile",
        "agent",
        "thread",
        "channel",
        "socket",
        "stream",
        "upload",
        "asset",
        "image",
        "video",
        "review",
        "rating",
        "coupon",
        "refund",
        "tax",
        "region",
        "zone",
        "policy",
        "rule",
        "limit",
        "window",
        "bucket",
        "cursor",
        "page",
        "snapshot",
        "backup",
        "replica",
        "shard",
        "lease",
        "lock",
        "worker",
        "pool",
    ]
)
FIELD_TYPES = (
    ("int", "0"),
    ("int", "30"),
    ("str", '""'),
    ("str", '"default"'),
    ("bool", "False"),
    ("bool", "True"),
    ("float", "1.5"),
    ("Optional[str]", "None"),
    ("Optional[int]", "None"),
    ("List[str]", "field(default_factory=list)"),
    ("Dict[str, int]", "field(default_factory=dict)"),
    ("Tuple[str, ...]", "()"),
)
INFRA = {
    "postgres": "postgres:15-alpine",
    "redis": "redis:7-alpine",
    "rabbitmq": "rabbitmq:3-alpine",
    "minio": "minio/minio:latest",
    "mailhog": "mailhog/mailhog:v1.0.1",
    "clickhouse": "clickhouse/clickhouse-server:23",
    "jaeger": "jaegertracing/all-in-one:1.50",
}
APPS = ("backend", "auth", "frontend", "worker", "scheduler", "payments", "notifier", "gateway")
COMPOSE = (  # file name, service prefix, number of app services, infra services
    (
        "docker-compose.yml",
        "dev-",
        8,
        ("postgres", "redis", "rabbitmq", "minio", "mailhog", "clickhouse", "jaeger"),
    ),
    ("docker-compose.test.yml", "test-", 5, ("postgres", "redis", "rabbitmq")),
    ("docker-compose.alpine-test.yml", "alpine-test-", 4, ("postgres", "redis")),
    ("docker-compose.staging.yml", "staging-", 7, ("postgres", "redis", "rabbitmq", "jaeger")),
    ("docker-compose.ci.yml", "ci-", 4, ("postgres", "redis")),
    ("docker-compose.perf.yml", "perf-", 6, ("postgres", "redis", "clickhouse")),
    ("docker-compose.e2e.yml", "e2e-", 6, ("postgres", "redis", "mailhog")),
)


@dataclass(frozen=True)
class Drift:
    rule: str
    path: str
    symbol: str
    note: str
    also: tuple[str, ...] = ()  # other paths a rule may reasonably report the finding at


# --------------------------------------------------------------------------------- python


class PyGen:
    """Python source text: blocks of realistic code, padded to a target size."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def name(self, k: int = 2) -> str:
        return "_".join(self.rng.choice(WORDS) for _ in range(k))

    def camel(self, k: int = 2) -> str:
        return "".join(self.rng.choice(WORDS).capitalize() for _ in range(k))

    def function(self, n: int) -> str:
        a, b, c = self.name(), self.name(1), "max_" + self.name(1)
        key = self.rng.choice(WORDS)
        return (
            f"def {a}_{n}({b}: dict, {c}: int = {self.rng.randint(1, 99)}) -> dict:\n"
            f'    """Compute the {key} summary for one {b} record."""\n'
            f"    result: dict = {{}}\n"
            f'    for index, value in enumerate({b}.get("{key}s", [])):\n'
            f"        if index > {c}:\n"
            f"            break\n"
            f"        result[str(index)] = value\n"
            f"    total = sum(len(str(v)) for v in result.values())\n"
            f'    label = "{key}-" + str(total).zfill(4)\n'
            f'    result["label"] = label.upper().strip()\n'
            f'    result["path"] = "/api/v1/{key}s/" + str({c})\n'
            f"    return result\n\n\n"
        )

    def plain_class(self, n: int, cls: str | None = None) -> str:
        cls = cls or self.camel()
        a, b = self.name(1) + "_name", self.name(1)
        return (
            f"class {cls}{'' if n < 0 else n}:\n"
            f'    """Keeps {a} state for a {b}."""\n\n'
            f"    def __init__(self, {a}: str, limit: int = 10) -> None:\n"
            f"        self.{a} = {a}\n"
            f"        self.limit = limit\n"
            f"        self._items: list = []\n\n"
            f"    def add(self, item: object) -> None:\n"
            f"        if len(self._items) >= self.limit:\n"
            f"            self._items.pop(0)\n"
            f"        self._items.append(item)\n\n"
            f"    def describe(self) -> str:\n"
            f'        return f"{{self.{a}}}: {{len(self._items)}} of {{self.limit}}"\n\n\n'
        )

    def test_function(self, n: int) -> str:
        a = self.name()
        k = self.rng.choice(WORDS)
        return (
            f"def test_{a}_{n}() -> None:\n"
            f'    payload = {{"{k}": {self.rng.randint(0, 999)}, "kind": "{k}"}}\n'
            f'    items = [payload.get("{k}"), payload.get("kind")]\n'
            f"    assert items[0] == {self.rng.randint(0, 999)} or items[0] is not None\n"
            f"    assert isinstance(items[1], str)\n"
            f'    assert payload["kind"].startswith("{k[:2]}")\n\n\n'
        )

    def pad(self, parts: list[str], target: int, test: bool) -> str:
        size = sum(len(p) for p in parts)
        n = 0
        while size < target:
            r = self.rng.random()
            if test:
                block = self.test_function(n) if r < 0.8 else self.function(n)
            else:
                block = self.function(n) if r < 0.75 else self.plain_class(n)
            parts.append(block)
            size += len(block)
            n += 1
        return "".join(parts)

    def dataclass_(
        self, cls: str, fields: list[tuple[str, str, str]], frozen: bool, base: str | None = None
    ) -> str:
        deco = (
            "@dataclass(frozen=True)"
            if frozen
            else self.rng.choice(
                ("@dataclass", "@dataclass()", "@dataclasses.dataclass", "@dataclass(slots=True)")
            )
        )
        lines = [
            deco,
            f"class {cls}{'(' + base + ')' if base else ''}:",
            f'    """Settings for the {cls} component."""',
            "",
        ]
        if self.rng.random() < 0.3:
            lines.append('    KIND: ClassVar[str] = "' + cls.lower() + '"')
        for fname, ftype, default in fields:
            lines.append(f"    {fname}: {ftype} = {default}")
        lines += [
            "",
            "    @property",
            "    def label(self) -> str:",
            f'        return "{cls}"',
            "",
            "    def as_dict(self) -> dict:",
            "        return dataclasses.asdict(self)",
            "",
            "",
        ]
        return "\n".join(lines) + "\n"

    def fields(self, k: int) -> list[tuple[str, str, str]]:
        out: dict[str, tuple[str, str, str]] = {}
        while len(out) < k:
            fname = self.name()
            ftype, default = self.rng.choice(FIELD_TYPES)
            out[fname] = (fname, ftype, default)
        return list(out.values())

    def consumer(
        self,
        cls: str,
        fields: list[tuple[str, str, str]],
        extra_read: str | None = None,
        extra_kw: str | None = None,
    ) -> str:
        reads = [f[0] for f in self.rng.sample(fields, min(3, len(fields)))]
        if extra_read:
            reads.append(extra_read)
        kws = [
            (f[0], f[2] if "factory" not in f[2] else "[]" if "List" in f[1] else "{}")
            for f in fields[:2]
        ]
        kw_text = ", ".join(f"{k}={v}" for k, v in kws)
        if extra_kw:
            kw_text += f", {extra_kw}=5"
        body = "\n".join(f"        values.append(self.config.{r})" for r in reads)
        return (
            f"class {cls}Runner:\n"
            f"    def __init__(self, config: Optional[{cls}] = None) -> None:\n"
            f"        self.config = config or {cls}()\n\n"
            f"    def snapshot(self) -> list:\n"
            f"        values: list = [self.config.label]\n"
            f"{body}\n"
            f"        return values\n\n\n"
            f"def default_{cls.lower()}() -> {cls}:\n"
            f"    return {cls}({kw_text})\n\n\n"
        )


HEADER = (
    '"""{doc}"""\n\nfrom __future__ import annotations\n\n'
    "from typing import ClassVar, Dict, List, Optional, Tuple\n\n\n"
)
DC_IMPORTS = "import dataclasses\nfrom dataclasses import dataclass, field\n\n\n"
TEST_HEADER = '"""Tests for {doc}."""\n\nfrom __future__ import annotations\n\nimport pytest\n\n\n'


def sizes(rng: random.Random, n: int) -> list[int]:
    """Lognormal file sizes with the measured median and 90th percentile, capped at 500 KB."""
    mu = math.log(MEDIAN_BYTES)
    sigma = math.log(P90_BYTES / MEDIAN_BYTES) / 1.2816
    out = [min(MAX_BYTES, max(200, int(rng.lognormvariate(mu, sigma)))) for _ in range(n)]
    if out:
        out[rng.randrange(n)] = MAX_BYTES
    return out


# --------------------------------------------------------------------------------- compose


def compose_text(
    fname: str,
    prefix: str,
    apps: tuple[str, ...],
    infra: tuple[str, ...],
    dockerdir: str,
    planted: dict[str, str],
) -> str:
    """One compose file; ``planted`` maps a drift kind to the app it affects in this file."""
    lines = [
        f"# {fname}: the {prefix.rstrip('-')} stack",
        "",
        "x-common-env: &common-env",
        '  PYTHONUNBUFFERED: "1"',
        "  LOG_LEVEL: INFO",
        "",
        "services:",
    ]
    for i, svc in enumerate(infra):
        lines += [
            f"  {prefix}{svc}:",
            f"    image: {INFRA[svc]}",
            "    ports:",
            f'      - "{20000 + 10 * i + len(prefix)}:{5000 + i}"',
            "    healthcheck:",
            '      test: ["CMD", "true"]',
            "      interval: 5s",
            "",
        ]
    for app in apps:
        name = f"{prefix}{app}"
        lines.append(f"  {name}:")
        if planted.get("context") == app:
            lines += [
                "    build:",
                f"      context: ./services/{app}-loadgen",
                "      dockerfile: Dockerfile",
            ]
        elif app in ("frontend", "gateway"):
            lines += [f"    build: ./services/{app}"]
        else:
            df = f"{dockerdir}/{app}.Dockerfile"
            if planted.get("dockerfile") == app:
                df = f"docker/{app}.Dockerfile"
            lines += ["    build:", "      context: .", f"      dockerfile: {df}"]
        lines += ["    environment:", "      <<: *common-env", f"      SERVICE_NAME: {app}"]
        env = f"config/env/{prefix}{app}.env" if app in ("backend", "auth") else None
        if planted.get("env_file") == app:
            env = f"config/env/{prefix}{app}-secrets.env"
        if env:
            lines += ["    env_file:", f"      - {env}"]
        deps = [f"{prefix}{s}" for s in infra[:2]]
        if planted.get("depends_on") == app:
            deps.append(f"{prefix}elasticsearch")
        lines += ["    depends_on:"] + [f"      - {d}" for d in deps]
        lines += ["    ports:", f'      - "{30000 + APPS.index(app) * 10 + len(prefix)}:8000"']
        if planted.get("duplicate") == app:
            lines += ["    ports:", f'      - "{31000 + len(prefix)}:8000"']
        lines.append("")
    return "\n".join(lines)


def dockerfile_text(app: str, copy_missing: bool) -> str:
    src = "services/" + app
    lines = [
        "FROM python:3.11-slim",
        "WORKDIR /app",
        f"COPY {src}/requirements.txt /app/requirements.txt",
        "RUN pip install --no-cache-dir -r requirements.txt",
        f"COPY {src}/src /app/src",
    ]
    if copy_missing:
        lines.append(f"COPY {src}/templates /app/templates")
    lines += ["ENV PYTHONUNBUFFERED=1", f'CMD ["python", "-m", "src.{app}"]', ""]
    return "\n".join(lines)


# --------------------------------------------------------------------------------- tree


def build(root: Path, scale: float, seed: int) -> dict:
    rng = random.Random(seed)
    gen = PyGen(rng)
    files: dict[str, str] = {}
    drifts: list[Drift] = []

    n_pkgs = max(4, int(60 * scale))
    n_fixed_py = 2 * len(APPS) + n_pkgs + 4  # services, package __init__ files, scripts
    n_py = max(60, int(FULL_PY_FILES * scale) - n_fixed_py)
    n_tests = int(FULL_PY_FILES * scale) * 2 // 3 if scale >= 0.1 else n_py * 2 // 3
    n_src = n_py - n_tests
    n_dc_files = min(n_src - 10, max(8, int(FULL_DATACLASS_FILES * scale)))
    n_dc = max(n_dc_files, int(FULL_DATACLASSES * scale))

    # --- services, Dockerfiles (committed first under docker/, moved to dockerfiles/ later)
    for app in APPS:
        files[f"services/{app}/requirements.txt"] = "requests==2.31.0\npydantic==2.5.0\n"
        files[f"services/{app}/src/__init__.py"] = ""
        files[f"services/{app}/src/{app}.py"] = f'"""Entry point of {app}."""\n\nprint("{app}")\n'
        if app in ("frontend", "gateway"):
            files[f"services/{app}/Dockerfile"] = (
                "FROM node:20-alpine\nWORKDIR /app\nCOPY package.json .\nCOPY src ./src\n"
                'CMD ["node", "src/index.js"]\n'
            )
            files[f"services/{app}/package.json"] = json.dumps({"name": app}) + "\n"
        else:
            files[f"docker/{app}.Dockerfile"] = dockerfile_text(app, copy_missing=app == "notifier")
    files["docker/ci-runner.Dockerfile"] = "FROM python:3.11-slim\nRUN pip install tox\n"
    drifts.append(
        Drift(
            "FX205",
            "dockerfiles/notifier.Dockerfile",
            "services/notifier/templates",
            "COPY source folder that does not exist",
        )
    )
    for prefix in {c[1] for c in COMPOSE}:
        for app in ("backend", "auth"):
            files[f"config/env/{prefix}{app}.env"] = f"DATABASE_URL=postgres://{app}\nDEBUG=0\n"

    planted = {
        "docker-compose.staging.yml": {"dockerfile": "payments"},
        "docker-compose.perf.yml": {"context": "worker"},
        "docker-compose.ci.yml": {"depends_on": "backend"},
        "docker-compose.e2e.yml": {"env_file": "auth"},
        "docker-compose.test.yml": {"duplicate": "worker"},
    }
    drifts += [
        Drift(
            "FX201",
            "docker-compose.staging.yml",
            "staging-payments",
            "dockerfile: docker/payments.Dockerfile, moved to dockerfiles/ by a commit",
        ),
        Drift(
            "FX202",
            "docker-compose.perf.yml",
            "perf-worker",
            "build context ./services/worker-loadgen does not exist",
        ),
        Drift(
            "FX203",
            "docker-compose.ci.yml",
            "ci-elasticsearch",
            "depends_on names a service the file does not define",
        ),
        Drift(
            "FX204",
            "docker-compose.e2e.yml",
            "config/env/e2e-auth-secrets.env",
            "env_file that does not exist",
        ),
        Drift("FX206", "docker-compose.test.yml", "test-worker.ports", "duplicate key ports"),
    ]

    def compose_files(dockerdir: str) -> dict[str, str]:
        return {
            fname: compose_text(
                fname, prefix, APPS[:n_apps], infra, dockerdir, planted.get(fname, {})
            )
            for fname, prefix, n_apps, infra in COMPOSE
        }

    # --- YAML: CI workflows and app config (70 in all, with the 7 compose files)
    def workflows(dockerdir: str, runner: str) -> dict[str, str]:
        out = {}
        for i, (fname, _p, _n, _i) in enumerate(COMPOSE):
            app = ("backend", "auth", "worker", "scheduler")[i % 4]
            out[f".github/workflows/stack-{i}.yml"] = (
                f"name: stack {i}\non: [push, pull_request]\njobs:\n  test:\n"
                "    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n"
                f"      - run: docker compose -f {fname} build\n"
                f"      - run: docker build -f {dockerdir}/{app}.Dockerfile .\n"
                f"      - run: python -m pytest tests/unit -q\n"
            )
        out[".github/workflows/images.yml"] = (
            "name: images\non:\n  push:\n    branches: [main]\njobs:\n  runner:\n"
            "    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n"
            f"      - run: docker build -f {runner} -t ci-runner .\n"
            f"      - run: docker build -f {dockerdir}/backend.Dockerfile -t backend .\n"
        )
        return out

    n_cfg_yaml = YAML_FILES - len(COMPOSE) - 8
    for i in range(n_cfg_yaml):
        area = WORDS[i % len(WORDS)]
        files[f"config/{area}/settings-{i}.yaml"] = (
            "\n".join(
                [
                    f"# {area} settings",
                    f"{area}:",
                    "  enabled: true",
                    f"  limit: {rng.randint(1, 500)}",
                    "  endpoints:",
                ]
                + [f"    - /api/v1/{gen.name(1)}" for _ in range(rng.randint(3, 30))]
            )
            + "\n"
        )

    # --- Python: dataclass modules, consumers, pydantic models, name-sharing classes, tests
    vocab = [gen.camel() + "Config" for _ in range(max(40, n_dc // 4))]
    src_paths = [f"packages/pkg_{i % n_pkgs:03d}/{gen.name()}_{i}.py" for i in range(n_src)]
    test_paths = [
        f"tests/{rng.choice(('unit', 'integration', 'e2e'))}/pkg_{i % n_pkgs:03d}/"
        f"test_{gen.name()}_{i}.py"
        for i in range(n_tests)
    ]
    src_sizes, test_sizes = sizes(rng, n_src), sizes(rng, n_tests)
    dc_left = n_dc
    plant_101 = 3  # which dataclass module gets the FX101 drift, and which the FX102 one
    plant_102 = 5
    for i, path in enumerate(src_paths):
        parts = [HEADER.format(doc=f"Module {i} of the monorepo.")]
        if i < n_dc_files:
            parts.append(DC_IMPORTS)
            per_file = 1 + (1 if dc_left > (n_dc_files - i) else 0)
            dc_left -= per_file
            first_cls, first_frozen = "", False
            for j in range(per_file):
                cls = vocab[rng.randrange(len(vocab))]
                while cls == first_cls:
                    cls = vocab[rng.randrange(len(vocab))]
                if i in (plant_101, plant_102) and j == 0:
                    cls = "PaymentsRetryConfig" if i == plant_101 else "LedgerExportConfig"
                flds = gen.fields(rng.randint(3, 14))
                base = None
                frozen = rng.random() < 0.5
                if j == 1 and rng.random() < 0.3:  # a dataclass extending the first one
                    base, frozen = first_cls, first_frozen
                    cls = first_cls.replace("Config", "ExtConfig")
                parts.append(gen.dataclass_(cls, flds, frozen=frozen, base=base))
                extra_read = extra_kw = None
                if i == plant_101 and j == 0:
                    extra_read = "retry_backoff_ms"
                    drifts.append(
                        Drift(
                            "FX101",
                            path,
                            f"{cls}.retry_backoff_ms",
                            "self.config.retry_backoff_ms, config = config or Cls()",
                        )
                    )
                if i == plant_102 and j == 0:
                    extra_kw = "compress_level"
                    drifts.append(
                        Drift(
                            "FX102",
                            path,
                            f"{cls}.compress_level",
                            "Cls(compress_level=5), no such field",
                        )
                    )
                if base is None:
                    parts.append(gen.consumer(cls, flds, extra_read, extra_kw))
                if j == 0:
                    first_cls, first_frozen = cls, frozen
        elif i < n_dc_files + max(4, n_src // 20):  # pydantic models
            parts.append("from pydantic import BaseModel, Field\n\n\n")
            cls = gen.camel() + "Model"
            flds = gen.fields(rng.randint(2, 8))
            parts.append(
                f"class {cls}(BaseModel):\n"
                + "".join(f"    {f}: {t} = {d.replace('field(', 'Field(')}\n" for f, t, d in flds)
                + "\n\n"
            )
            parts.append(
                f"def parse_{cls.lower()}(raw: dict) -> {cls}:\n"
                f"    model = {cls}(**raw)\n    return model\n\n\n"
            )
        elif i < n_dc_files + max(8, n_src // 10):  # names shared with config classes elsewhere
            cls = vocab[rng.randrange(len(vocab))]
            if rng.random() < 0.5:
                parts.append(
                    "from enum import Enum\n\n\n"
                    + f"class {cls}(str, Enum):\n"
                    + "".join(f'    {w.upper()} = "{w}"\n' for w in rng.sample(WORDS, 4))
                    + "\n\n"
                )
            else:
                parts.append(gen.plain_class(-1, cls))
                parts.append(
                    f'def make() -> {cls}:\n    obj = {cls}("x", limit=3)\n'
                    "    obj.add(1)\n    return obj\n\n\n"
                )
        files[path] = gen.pad(parts, src_sizes[i], test=False)
    for i, path in enumerate(test_paths):
        files[path] = gen.pad([TEST_HEADER.format(doc=path)], test_sizes[i], test=True)
    for i in range(n_pkgs):
        files[f"packages/pkg_{i:03d}/__init__.py"] = ""

    # --- test framework: logical names -> compose service names; compose file references
    mapping_branches = []
    for fname, prefix, n_apps, _infra in COMPOSE:
        values = {app: f"{prefix}{app}" for app in APPS[:n_apps]}
        if fname == "docker-compose.alpine-test.yml":
            values["backend"] = "alpine-test-api"
        body = "".join(f'                "{k}": "{v}",\n' for k, v in values.items())
        mapping_branches.append(
            f'        if "{fname}" in compose_file:\n            return {{\n{body}            }}\n'
        )
    files["test_framework/__init__.py"] = ""
    files["test_framework/docker_manager.py"] = (
        '"""Selects the compose file and maps logical service names for test runs."""\n\n'
        "from __future__ import annotations\n\nfrom typing import Dict, List\n\n\n"
        "class DockerManager:\n"
        '    def __init__(self, compose_file: str = "docker-compose.test.yml") -> None:\n'
        "        self.compose_file = compose_file\n\n"
        "    def service_mapping(self) -> Dict[str, str]:\n"
        "        compose_file = self.compose_file\n"
        + "".join(mapping_branches)
        + "        return {}\n\n"
        "    def up_command(self, services: List[str]) -> List[str]:\n"
        '        return ["docker", "compose", "-f", self.compose_file, "up", "-d", *services]\n'
    )
    drifts.append(
        Drift(
            "FX301",
            "test_framework/docker_manager.py",
            "alpine-test-api",
            "mapping value for docker-compose.alpine-test.yml: compose has alpine-test-backend",
        )
    )
    files["scripts/__init__.py"] = ""
    files["scripts/perf_stack.py"] = (
        '"""Bring the performance stacks up."""\n\nimport subprocess\n\n\n'
        "def perf_up() -> None:\n"
        '    subprocess.run(["docker", "compose", "-f", "docker-compose.perf.yml", "up", "-d"],'
        " check=True)\n\n\n"
        "def loadtest_up() -> None:\n"
        '    subprocess.run(["docker", "compose", "-f", "docker-compose.loadtest.yml", "up"],'
        " check=True)\n"
    )
    drifts.append(
        Drift(
            "FX302",
            "scripts/perf_stack.py",
            "docker-compose.loadtest.yml",
            "-f names a compose file that does not exist",
        )
    )
    drifts.append(
        Drift(
            "FX401",
            ".github/workflows/images.yml",
            "dockerfiles/ci-runner.Dockerfile",
            "path renamed by a commit to dockerfiles/ci/runner.Dockerfile",
        )
    )

    # --- other files up to the total count
    n_total = max(len(files) + 100, int(FULL_FILES * scale))
    base_count = len(files) + len(compose_files("docker")) + len(workflows("docker", "x"))
    extensions = ("md", "json", "sql", "js", "txt", "cfg", "html", "csv")
    for i in range(max(0, n_total - base_count)):
        ext = extensions[i % len(extensions)]
        area = WORDS[i % len(WORDS)]
        folder = {
            "md": "docs",
            "json": "data",
            "sql": "migrations",
            "js": "frontend/src",
            "txt": "data/text",
            "cfg": "config/legacy",
            "html": "frontend/public",
            "csv": "data/csv",
        }[ext]
        body = f"{area} {gen.name(3)} {rng.randint(0, 10**6)}\n" * rng.randint(5, 60)
        files[f"{folder}/{area}/{gen.name()}_{i}.{ext}"] = body
    files["README.md"] = "# Synthetic monorepo\n\nGenerated by fixer's bench/generate.py.\n"
    files[".gitignore"] = "__pycache__/\n*.pyc\n.fixer_cache/\n"

    # --- write and commit: 1 initial import, 2 move Dockerfiles, 3 rename the CI runner
    if root.exists():
        shutil.rmtree(root)
    root.mkdir(parents=True)
    _git(root, "init", "-q", "-b", "main")
    _git(root, "config", "gc.auto", "0")  # no background gc competing with the benchmark
    write(root, files)
    write(root, compose_files("docker"))
    write(root, workflows("docker", "docker/ci-runner.Dockerfile"))
    _commit(root, "Initial import", 1)
    (root / "dockerfiles").mkdir()
    for name in sorted(os.listdir(root / "docker")):
        _git(root, "mv", f"docker/{name}", f"dockerfiles/{name}")
    (root / "docker").rmdir()
    write(root, compose_files("dockerfiles"))
    write(root, workflows("dockerfiles", "dockerfiles/ci-runner.Dockerfile"))
    _commit(root, "Move Dockerfiles to dockerfiles/", 2)
    (root / "dockerfiles/ci").mkdir()
    _git(root, "mv", "dockerfiles/ci-runner.Dockerfile", "dockerfiles/ci/runner.Dockerfile")
    _commit(root, "Move the CI runner image under dockerfiles/ci", 3)
    # The index was written in the same second as the files, so git would treat every entry
    # as "racily clean" and reread each file on every command (a real checkout's files are
    # older than its index): wait, then let git rewrite the index with a later time.
    time.sleep(1.1)
    _git(root, "update-index", "-q", "--really-refresh")
    _git(root, "status", "--porcelain")

    py = [p for p in root.rglob("*.py") if ".git" not in p.parts]
    py_sizes = sorted(p.stat().st_size for p in py)
    all_files = [p for p in root.rglob("*") if p.is_file() and ".git" not in p.parts]
    return {
        "seed": seed,
        "scale": scale,
        "files": len(all_files),
        "python_files": len(py),
        "test_files": sum(1 for p in py if p.name.startswith("test_")),
        "yaml_files": sum(1 for p in all_files if p.suffix in (".yml", ".yaml")),
        "compose_files": len(COMPOSE),
        "dataclasses": n_dc,
        "dataclass_files": n_dc_files,
        "python_bytes": sum(py_sizes),
        "python_lines": sum(p.read_bytes().count(b"\n") for p in py),
        "python_median_bytes": py_sizes[len(py_sizes) // 2],
        "python_p90_bytes": py_sizes[int(len(py_sizes) * 0.9)],
        "python_max_bytes": py_sizes[-1],
        "drifts": [asdict(d) for d in drifts],
    }


def write(root: Path, files: dict[str, str]) -> None:
    made: set[Path] = set()
    for rel, text in files.items():
        path = root / rel
        if path.parent not in made:
            path.parent.mkdir(parents=True, exist_ok=True)
            made.add(path.parent)
        path.write_text(text, encoding="utf-8")


def _git(root: Path, *args: str, env: dict[str, str] | None = None) -> None:
    subprocess.run(
        ["git", *args],
        cwd=root,
        check=True,
        capture_output=True,
        env={**os.environ, **GIT_ENV, **(env or {})},
    )


def _commit(root: Path, message: str, n: int) -> None:
    date = f"2024-01-{n:02d}T12:00:00+00:00"
    _git(root, "add", "-A")
    _git(
        root,
        "commit",
        "-q",
        "-m",
        message,
        env={"GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date},
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("root", type=Path, help="Where to write the tree (replaced).")
    parser.add_argument("--scale", type=float, default=1.0, help="1.0 = 8,000 Python files.")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--manifest",
        type=Path,
        default=None,
        help="Where to write the manifest (default: ROOT.manifest.json).",
    )
    args = parser.parse_args(argv)
    start = time.perf_counter()
    manifest = build(args.root, args.scale, args.seed)
    manifest["generate_seconds"] = round(time.perf_counter() - start, 2)
    out = args.manifest or args.root.with_name(args.root.name + ".manifest.json")
    out.write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    summary = {k: v for k, v in manifest.items() if k != "drifts"}
    print(json.dumps(summary), file=sys.stderr)
    print(out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
