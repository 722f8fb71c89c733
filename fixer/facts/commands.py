"""Compose command lines written in the repository's own text: scripts, Makefiles, CI, docs.

Which compose files are used *together* (``docker compose -f a.yml -f b.yml up``,
``COMPOSE_FILE=a.yml:b.yml``) is written nowhere in the compose files themselves, but in the
scripts, Makefiles, CI workflows, READMEs and comments that run them. This module finds those
command lines by a cheap scan of the text (nothing is run, no shell is really parsed: words,
quotes, ``\\`` continuations, ``&&``/``||``/``;``/``|`` separators, ``cd`` and literal
variable assignments of the same text), and the paths that commands create (``cp``/``mv``/
``ln``/``install`` destinations, ``touch``, ``tee``, ``>`` redirections), which tell a file made
at set-up time from a file that went missing. See docs/decisions/013-compose-projects.md.

The scan is a pure function of one text; :mod:`fixer.rules._projects` resolves the names it
records against the tree.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

MAX_TEXT = 1_000_000  # longer texts are not scanned (generated files, logs)
COMPOSE_SUBCOMMANDS = frozenset(
    {
        "up",
        "down",
        "run",
        "exec",
        "build",
        "start",
        "stop",
        "restart",
        "pull",
        "push",
        "create",
        "logs",
        "ps",
        "config",
        "rm",
        "kill",
        "watch",
        "wait",
    }
)
# options of ``docker compose`` that take a value (the value is not the subcommand)
GLOBAL_VALUE = frozenset(
    {"-p", "--project-name", "--profile", "--env-file", "--ansi", "--parallel", "--progress"}
)
SEGMENT_SPLIT = re.compile(r"\s*(?:&&|\|\||;|\|)\s*")
ASSIGNMENT = re.compile(
    r"^\s*(?:export\s+|readonly\s+|local\s+|declare\s+(?:-\w+\s+)?)?"
    r"(?P<name>[A-Za-z_][A-Za-z0-9_]*)[ \t]*(?:\?=|:=|::=|\+=|=)[ \t]*(?P<value>.*?)\s*$"
)
VARIABLE = re.compile(
    r"\$(?:\{(?P<braced>[A-Za-z_][A-Za-z0-9_]*)(?::?-(?P<default>[^}]*))?\}"
    r"|\((?P<make>[A-Za-z_][A-Za-z0-9_]*)\)|(?P<bare>[A-Za-z_][A-Za-z0-9_]*))"
)
LEADING_VARIABLE = re.compile(r"^(?:\$\{[^}]*\}|\$\([^)]*\)|\$[A-Za-z_][A-Za-z0-9_]*)/+")
COMPOSE_FILE_ASSIGN = re.compile(
    r"\bCOMPOSE_FILE\s*[=:]\s*(?P<q>[\"']?)(?P<value>[^\s\"'#]+)(?P=q)", re.MULTILINE
)
CREATE_COMMANDS = frozenset({"cp", "mv", "ln", "install", "rsync"})
STRIP = "`\"'(),"


@dataclass(frozen=True)
class Invocation:
    """One compose command line: its ``-f`` files in order, or ``()`` for the default files.

    ``files`` are written as in the text (variables assigned literally in the same text are
    substituted; a leading unknown ``$DIR/`` is dropped, the rest is tried against several
    folders). ``complete`` is False when some ``-f`` value is not a literal. ``dirs`` are the
    folders it may run in, to try first (``cd``, ``working-directory``), as written.
    ``env`` marks a ``COMPOSE_FILE`` value rather than a command line.
    """

    files: tuple[str, ...]
    line: int
    dirs: tuple[str, ...] = ()
    project_directory: str | None = None
    complete: bool = True
    env: bool = False


@dataclass(frozen=True)
class Created:
    """A path a command writes (``cp SRC DEST``, ``ln -s SRC DEST``, ``> DEST``, ``touch``)."""

    path: str
    source: str | None
    line: int
    dirs: tuple[str, ...] = ()


@dataclass(frozen=True)
class CommandFacts:
    """What one text says about compose command lines and created files."""

    invocations: tuple[Invocation, ...] = ()
    created: tuple[Created, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.invocations or self.created)


# what a line that may matter holds, searched in the lower-cased text (literal alternatives:
# the regular-expression engine skips ahead on them, which ``(?:^|...)`` prefixes defeat)
MATTER = r"compose|cd\s|pushd\s|env|\.ya?ml"
MATTER_RE = re.compile(MATTER)
ASSIGNMENT_LINES = re.compile(ASSIGNMENT.pattern, re.MULTILINE)
WORD = re.compile(r"""(?:[^\s'"]+|'[^']*'|"(?:\\.|[^"\\])*")+""")
QUOTED = re.compile(r"'([^']*)'|\"((?:\\.|[^\"\\])*)\"")
CREATE_HINT = re.compile(r"(?:^|[\s;&|(])(?:cp|mv|ln|install|rsync|touch|tee)\s|>")
CD_HINT = re.compile(r"(?:^|[\s;&|(#`-])(?:cd|pushd)\s")


def scan(text: str, first_line: int = 1, dirs: tuple[str, ...] = ()) -> CommandFacts:
    """Compose invocations and created files in ``text`` (whose first line is ``first_line``),
    with ``dirs`` as the folders every command may run in (innermost first).

    One regular-expression search over the whole text finds the lines that may matter (they
    name compose, change folder, or may create an env or YAML file); only those lines, with
    their ``\\`` continuations, are split into words, so long documents cost little."""
    if len(text) > MAX_TEXT:
        return CommandFacts()
    commands = _command_variables(text)
    pattern = MATTER_RE
    if commands:  # lines that use a variable holding a compose command matter too
        names = "|".join(re.escape(n.lower()) for n in commands)
        pattern = re.compile(MATTER + rf"|\$[{{(]?(?:{names})\b")
    hits = _hit_lines(text.lower(), pattern)
    if not hits:
        return CommandFacts()
    variables: dict[str, str] | None = None
    invocations: list[Invocation] = []
    created: list[Created] = []
    cd: tuple[str, ...] = ()
    for line, logical in _logical_lines(text.split("\n"), hits):
        if commands:
            logical = _expand_commands(logical, commands)
        if not _may_matter(logical):
            continue
        if variables is None and "$" in logical:
            variables = _assignments(text)
        known = variables or {}
        number = first_line + line - 1
        for segment in SEGMENT_SPLIT.split(logical):
            words = _words(segment)
            if not words:
                continue
            here = cd + dirs
            if words[0] in ("cd", "pushd") and len(words) >= 2:
                cd = _cd(cd, _value(words[1], known))
                continue
            found = compose_invocation(words, known, number, here)
            if found is not None:
                invocations.append(found)
            created += _created(words, known, number, here)
        for m in COMPOSE_FILE_ASSIGN.finditer(logical):
            value = _value(m.group("value"), known)
            if value and "$" not in value:
                files = tuple(p for p in re.split(r"[:;]", value) if p)
                if files and all(_yaml_name(f) for f in files):
                    invocations.append(Invocation(files, number, cd + dirs, env=True))
    return CommandFacts(tuple(invocations), tuple(created))


def _hit_lines(text: str, pattern: re.Pattern[str]) -> list[int]:
    """0-based indexes of the lines where ``pattern`` matches, ascending."""
    out: list[int] = []
    line, last = 0, 0
    for m in pattern.finditer(text):
        line += text.count("\n", last, m.start())
        last = m.start()
        if not out or out[-1] != line:
            out.append(line)
    return out


def _may_matter(line: str) -> bool:
    """A cheap test before a line is split into words: it names compose, changes folder, or
    may create an env or YAML file."""
    low = line.lower()
    if "compose" in low or CD_HINT.search(line):
        return True
    return ("env" in low or ".yml" in low or ".yaml" in low) and bool(CREATE_HINT.search(line))


def _logical_lines(lines: list[str], hits: list[int]) -> Iterator[tuple[int, str]]:
    r"""The logical lines holding the ``hits``: physical lines joined at a trailing ``\``
    (shell, Makefile, Markdown code), with their 1-based first line number. Comment markers
    stay: a usage line in a comment counts."""
    done = -1
    for hit in hits:
        if hit <= done:
            continue
        start = hit
        while start - 1 > done and lines[start - 1].rstrip().endswith("\\"):
            start -= 1
        end = hit
        while end < len(lines) - 1 and lines[end].rstrip().endswith("\\"):
            end += 1
        parts = [lines[i].rstrip() for i in range(start, end + 1)]
        done = end
        yield start + 1, " ".join(p.removesuffix("\\").strip() for p in parts)


def _words(segment: str) -> list[str]:
    """The words of one command, quotes removed as a POSIX shell does (a lone quote is
    dropped); backticks of Markdown code are spaces."""
    segment = segment.replace("`", " ")
    words = [_unquote(m.group(0)) for m in WORD.finditer(segment)]
    # a line in a comment, a YAML list item or a prompt: drop the markers before the command
    while words and words[0] in ("#", "-", "$", ">", "*", "//", "run:", "-run:", "cmd:"):
        words = words[1:]
    while words and words[0].startswith("#") and words[0].strip("#") == "":
        words = words[1:]
    return words


def _unquote(word: str) -> str:
    if "'" not in word and '"' not in word:
        return word
    return QUOTED.sub(
        lambda m: m.group(1) if m.group(1) is not None else re.sub(r"\\(.)", r"\1", m.group(2)),
        word,
    )


def _assignments(text: str) -> dict[str, str]:
    """Variables assigned a literal exactly once (or always the same literal) in ``text``."""
    seen: dict[str, set[str]] = {}
    for m in ASSIGNMENT_LINES.finditer(text):
        value = m.group("value")
        if value.startswith(("'", '"')) and len(value) >= 2 and value[-1] == value[0]:
            value = value[1:-1]
        elif " " in value or "\t" in value:
            continue  # a command or a list, not one path
        if "$(" in value.replace("$((", "") and not re.fullmatch(r".*\$\([A-Za-z_]\w*\).*", value):
            continue  # command substitution
        if "`" in value:
            continue
        seen.setdefault(m.group("name"), set()).add(value)
    return {k: next(iter(v)) for k, v in seen.items() if len(v) == 1}


def _command_variables(text: str) -> dict[str, str]:
    """Variables that hold a whole compose command (``DC = docker compose -f a.yml``), as in
    Makefiles: they are expanded in the lines that use them."""
    if "compose" not in text and "COMPOSE" not in text.upper():
        return {}
    out: dict[str, str] = {}
    for m in ASSIGNMENT_LINES.finditer(text):
        value = m.group("value").strip("'\"")
        if "compose" in value.lower() and " " in value:
            out[m.group("name")] = value
    return out


def _expand_commands(line: str, commands: Mapping[str, str]) -> str:
    def sub(m: re.Match[str]) -> str:
        name = m.group("braced") or m.group("make") or m.group("bare")
        return commands.get(name, m.group(0))

    return VARIABLE.sub(sub, line) if "$" in line else line


def _value(word: str, variables: Mapping[str, str], depth: int = 0) -> str:
    """``word`` with known variables substituted (``${X:-default}`` uses the default when X is
    unknown); a leading unknown ``$DIR/`` is dropped; other unknown variables stay."""
    word = word.strip(STRIP)

    def sub(m: re.Match[str]) -> str:
        name = m.group("braced") or m.group("make") or m.group("bare")
        if name in variables:
            return variables[name]
        if m.group("default") is not None:
            return m.group("default")
        return m.group(0)

    out = VARIABLE.sub(sub, word)
    if "$" in out and out != word and depth < 3:
        out = _value(out, variables, depth + 1)
    while True:
        m = LEADING_VARIABLE.match(out)
        if m is None:
            break
        out = out[m.end() :]
    return out


def _cd(current: tuple[str, ...], target: str) -> tuple[str, ...]:
    """The folders a ``cd`` may have led to, most likely first: a ``cd`` after another one is
    relative to it, unless the text meant a path from where it started (both are tried)."""
    target = target.rstrip("/")
    if not target or "$" in target or target.startswith(("~", "-", "/")):
        return ()
    chained = tuple(f"{c}/{target}" for c in current)
    return (*chained, target)[:4]


def _yaml_name(value: str) -> bool:
    return value.lower().endswith((".yml", ".yaml")) and len(value) < 300


def _compose_at(words: list[str]) -> int | None:
    """The index after ``docker compose`` / ``docker-compose`` / ``$(COMPOSE)``, or None."""
    for i, w in enumerate(words):
        low = w.lower()
        if low == "docker" and i + 1 < len(words) and words[i + 1].lower() == "compose":
            return i + 2
        if low.rsplit("/", 1)[-1] in ("docker-compose", "podman-compose"):
            return i + 1
        if "compose" in low and low.startswith("$") and not _yaml_name(low):
            return i + 1  # $(DOCKER_COMPOSE), ${COMPOSE}
    return None


def compose_invocation(
    words: list[str], variables: Mapping[str, str], line: int, dirs: tuple[str, ...]
) -> Invocation | None:
    """The compose command line in ``words`` (one command's words), or None."""
    at = _compose_at(words)
    if at is None:
        return None
    files: list[str] = []
    complete = True
    project_dir: str | None = None
    sub: str | None = None
    i = at
    while i < len(words):
        w = words[i]
        value: str | None = None
        if w in ("-f", "--file"):
            value = words[i + 1] if i + 1 < len(words) else ""
            i += 2
        elif w.startswith("--file="):
            value = w.split("=", 1)[1]
            i += 1
        elif w == "--project-directory" and i + 1 < len(words):
            project_dir = _value(words[i + 1], variables)
            i += 2
            continue
        elif w.startswith("--project-directory="):
            project_dir = _value(w.split("=", 1)[1], variables)
            i += 1
            continue
        elif w in GLOBAL_VALUE:
            i += 2
            continue
        elif w.startswith("-"):
            i += 1
            continue
        else:
            sub = w.lower()
            break
        resolved = _value(value, variables)
        if "$" in resolved or not resolved:
            complete = False
        elif _yaml_name(resolved):
            files.append(resolved)
        else:
            return None  # `-f` followed by prose: not a command line
    if project_dir is not None and "$" in project_dir:
        project_dir = None
    if not files and (sub not in COMPOSE_SUBCOMMANDS or not complete):
        return None  # prose that mentions compose, or files from variables only
    return Invocation(tuple(files), line, dirs, project_dir, complete)


def _created(
    words: list[str], variables: Mapping[str, str], line: int, dirs: tuple[str, ...]
) -> list[Created]:
    out: list[Created] = []
    for i, w in enumerate(words):  # redirections: `> .env`, `>>.env`
        target = None
        if w in (">", ">>") and i + 1 < len(words):
            target = words[i + 1]
        elif w.startswith(">") and len(w) > 1 and not w.startswith(">&"):
            target = w.lstrip(">")
        if target:
            value = _value(target, variables)
            if _interesting(value):
                out.append(Created(value, None, line, dirs))
    head = words[0].rsplit("/", 1)[-1]
    if words[0] == "sudo" and len(words) > 1:
        words = words[1:]
        head = words[0]
    args = [_value(w, variables) for w in words[1:] if not w.startswith("-") and ">" not in w]
    if head in ("touch", "tee"):
        out += [Created(a, None, line, dirs) for a in args if _interesting(a)]
    elif head in CREATE_COMMANDS and len(args) >= 2:
        dest, sources = args[-1], args[:-1]
        source = sources[0] if len(sources) == 1 else None
        if source is not None and dest.endswith("/") and _yaml_name(source):
            dest = dest + source.rsplit("/", 1)[-1]
        if _interesting(dest) or (source is not None and _interesting(source)):
            out.append(Created(dest, source, line, dirs))
    return out


def _interesting(value: str) -> bool:
    """Env files and YAML files: what the compose rules ask about."""
    if not value or "$" in value or any(c in value for c in "*?[{") or len(value) > 300:
        return False
    name = value.rstrip("/").rsplit("/", 1)[-1].lower()
    return "env" in name or _yaml_name(name)
