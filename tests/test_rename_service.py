"""The rename-service codemod: a key and every reference, in one file and across files."""

from __future__ import annotations

import pytest

from codemods.rename_service import CODEMODS, rename_service, rename_service_files
from fixer.errors import FixerError
from fixer.facts.compose import extract

TEXT = """x-deps: &deps
  depends_on: [db]
services:
  "db":
    image: postgres
  web:
    <<: *deps
    links:
      - db
      - 'db:database'
    volumes_from: [db:ro, 'container:db']
  api:
    extends: web
    network_mode: "service:db"
    depends_on:
      db:
        condition: service_healthy
  job: {image: x, depends_on: [db, web]}
"""


def test_every_reference_form_renamed_in_one_file() -> None:
    new = rename_service(TEXT, "db", "postgres")
    assert new == (
        TEXT.replace("[db]", "[postgres]")
        .replace('"db":', '"postgres":')
        .replace("      - db\n", "      - postgres\n")
        .replace("'db:database'", "'postgres:database'")
        .replace("[db:ro,", "[postgres:ro,")
        .replace('"service:db"', '"service:postgres"')
        .replace("      db:\n", "      postgres:\n")
        .replace("[db, web]", "[postgres, web]")
    )
    assert "'container:db'" in new  # a container name, not a service
    c = extract("compose.yml", new).compose
    assert c.names == {"postgres", "web", "api", "job"}
    assert {r.name for s in c.services for r in s.refs if r.kind != "extends"} == {
        "postgres",
        "web",
    }


def test_extends_in_same_file_renamed() -> None:
    new = rename_service(TEXT, "web", "site")
    assert "  site:\n" in new and "extends: site" in new and "[db, site]" in new


def test_crlf_kept() -> None:
    text = "services:\r\n  a:\r\n    image: x\r\n  b:\r\n    depends_on: [a]\r\n"
    assert rename_service(text, "a", "z") == text.replace("  a:", "  z:").replace("[a]", "[z]")


def test_refuses_existing_or_missing_names() -> None:
    with pytest.raises(FixerError):
        rename_service(TEXT, "db", "web")
    with pytest.raises(FixerError):
        rename_service(TEXT, "nope", "x")


def test_across_files_extends_and_include() -> None:
    files = {
        "common/base.yml": "services:\n  base:\n    image: x\n  other:\n    extends: base\n",
        "compose.yml": "services:\n  web:\n    extends:\n      file: common/base.yml\n"
        "      service: base\n",
        "stack/compose.yml": "include:\n  - ../common/base.yml\nservices:\n  app:\n"
        "    image: y\n    depends_on: [base]\n",
        "unrelated/compose.yml": "services:\n  base:\n    image: z\n  u:\n    depends_on: [base]\n",
    }
    out = rename_service_files(files, "common/base.yml", "base", "core")
    assert out == {
        "common/base.yml": "services:\n  core:\n    image: x\n  other:\n    extends: core\n",
        "compose.yml": files["compose.yml"].replace("service: base", "service: core"),
        "stack/compose.yml": files["stack/compose.yml"].replace("[base]", "[core]"),
    }


def test_registered_as_codemod() -> None:
    assert CODEMODS["rename-service"](TEXT, old="job", new="task").count("task") == 1
