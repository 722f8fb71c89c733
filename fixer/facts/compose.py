"""Facts from YAML files: string scalars with positions, and the Docker Compose model.

ruamel.yaml is used only to *compose* the text into a node graph (no construction), so every
scalar keeps its exact span in the text, duplicate keys are seen rather than rejected, and
anchors/aliases are shared node objects. Merge keys (``<<``) are resolved here the way
Compose resolves them (explicit keys win; among merged mappings the first wins); a value that
comes through an anchor keeps the position of the anchor's definition, so an edit lands there
and :meth:`ComposeFile.users` names every service that shares it.

Variables (``${VAR:-default}``) are *not* resolved during extraction, which must stay a pure
function of one file: :func:`interpolate` and :func:`resolve_build` take the ``.env`` values
as an argument (see docs/decisions/010-compose-model.md).
"""

from __future__ import annotations

import hashlib
import posixpath
import re
import warnings
import zlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError, ReusedAnchorWarning, YAMLError
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from ruamel.yaml.reader import ReaderError

from fixer.errors import FixerError
from fixer.facts.commands import CommandFacts, Invocation
from fixer.facts.commands import scan as scan_commands
from fixer.model import Position
from fixer.text import LineIndex

MAX_EXPANDED_NODES = 200_000
STR_TAG = "tag:yaml.org,2002:str"
MERGE_TAG = "tag:yaml.org,2002:merge"
COMPOSE_NAME = re.compile(
    r"^(?:(?:docker-)?compose(?:\.[^/]+)?|[^/]+\.compose)\.ya?ml$", re.IGNORECASE
)
SERVICE_KEYS = frozenset(
    {
        "image",
        "build",
        "extends",
        "command",
        "entrypoint",
        "environment",
        "env_file",
        "ports",
        "volumes",
        "depends_on",
        "links",
        "networks",
        "network_mode",
        "container_name",
        "restart",
        "healthcheck",
        "labels",
        "expose",
        "profiles",
        "deploy",
        "working_dir",
        "user",
        "secrets",
        "configs",
        "volumes_from",
        "logging",
        "hostname",
        "develop",
        "scale",
        "platform",
    }
)
SUPPRESSION = re.compile(r"(?:^|\s)#\s*fixer:\s*ignore\[([A-Za-z0-9_,\s-]+)\]")
REMOTE_CONTEXT = re.compile(r"^(?:[a-z][a-z0-9+.-]*://|git@|github\.com/)", re.IGNORECASE)
VARIABLE = re.compile(
    r"\$(?:\$|\{(?P<braced>[A-Za-z_][A-Za-z0-9_]*)(?:(?P<op>:?[-?+])(?P<arg>[^}]*))?\}"
    r"|(?P<bare>[A-Za-z_][A-Za-z0-9_]*))"
)


@dataclass(frozen=True)
class Scalar:
    """A string scalar as written: its value, span (end exclusive) and quote style.

    ``style`` is ``""`` (plain), ``"'"``, ``'"'``, ``"|"`` or ``">"``. ``anchor`` is set, in
    the compose model, when the scalar sits inside an anchored node (``&name``) and so may be
    shared with other users of that anchor.
    """

    value: str
    start: Position
    end: Position
    style: str = ""
    anchor: str | None = None


@dataclass(frozen=True)
class ServiceRef:
    """A place that names another service: ``depends_on``, ``links``, ``extends``...

    The scalar's value is ``prefix + name + suffix`` (``service:`` for ``network_mode``,
    ``:alias`` for ``links``, ``:ro`` for ``volumes_from``). ``file`` is the raw
    ``extends.file`` when the service lives in another file.
    """

    kind: str
    name: str
    scalar: Scalar
    prefix: str = ""
    suffix: str = ""
    file: str | None = None

    def renamed(self, new: str) -> str:
        return f"{self.prefix}{new}{self.suffix}"


@dataclass(frozen=True)
class Build:
    """A service's ``build``: short form (``scalar`` set) or long form."""

    position: Position
    scalar: Scalar | None = None
    context: Scalar | None = None
    dockerfile: Scalar | None = None
    inline: bool = False

    @property
    def short(self) -> bool:
        return self.scalar is not None


@dataclass(frozen=True)
class EnvFile:
    scalar: Scalar
    required: bool = True


@dataclass(frozen=True)
class Service:
    name: str
    key: Scalar
    build: Build | None = None
    env_files: tuple[EnvFile, ...] = ()
    refs: tuple[ServiceRef, ...] = ()
    container_name: str | None = None
    image: str | None = None
    keys: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Include:
    """One ``include:`` entry: its files (several in the long form's ``path`` list, merged
    like ``-f`` files), its ``project_directory`` and its ``env_file`` values, as written."""

    paths: tuple[Scalar, ...]
    project_directory: Scalar | None = None
    env_files: tuple[Scalar, ...] = ()


@dataclass(frozen=True)
class ComposeFile:
    services: tuple[Service, ...]
    includes: tuple[Scalar, ...] = ()  # every included path, flat (see ``include_entries``)
    include_entries: tuple[Include, ...] = ()
    # ``!reset`` / ``!override`` tags: only meaningful when the file is merged over another
    merge_tags: bool = False
    # every name-like key and value of the file (profiles, networks, aliases, images, ...)
    words: frozenset[str] = frozenset()

    @property
    def names(self) -> frozenset[str]:
        return frozenset(s.name for s in self.services)

    def service(self, name: str) -> Service | None:
        for s in self.services:
            if s.name == name:
                return s
        return None

    def users(self, scalar: Scalar) -> tuple[str, ...]:
        """Services whose model holds this very scalar (shared through an anchor)."""
        out: list[str] = []
        for s in self.services:
            if any(sc.start == scalar.start for sc in _service_scalars(s)):
                out.append(s.name)
        return tuple(out)

    @property
    def is_fragment(self) -> bool:
        """True when some service has neither image, build nor extends (an override file)."""
        return any(not ({"image", "build", "extends"} & s.keys) for s in self.services)


@dataclass(frozen=True)
class Duplicate:
    """A key written twice in one mapping (Compose refuses such a file)."""

    key: str
    mapping: str
    first: Position
    second: Position


@dataclass(frozen=True)
class YamlFile:
    path: str
    scalars: tuple[Scalar, ...]
    compose: ComposeFile | None = None
    duplicates: tuple[Duplicate, ...] = ()
    suppressions: tuple[tuple[int, frozenset[str]], ...] = ()
    documents: int = 1
    notes: tuple[str, ...] = field(default=())
    # compose command lines and created files in the text (comments and CI scalars included)
    commands: CommandFacts = field(default_factory=CommandFacts)
    # the text without comments, blank lines and trailing spaces, hashed: equal for copies
    content_key: str = ""
    # CRC-32 of each such line, sorted and unique: how alike two compose files are
    line_digests: tuple[int, ...] = ()

    def suppressed(self, line: int, code: str) -> bool:
        """Whether ``# fixer: ignore[code]`` is on ``line`` or the line above."""
        return any(ln in (line, line - 1) and code in codes for ln, codes in self.suppressions)


def is_compose_name(path: str) -> bool:
    return bool(COMPOSE_NAME.match(PurePosixPath(path).name))


def compose_nodes(path: str, text: str) -> list[Node]:
    """The node graphs of every document in ``text`` (raises :class:`FixerError`)."""
    yaml = YAML(typ="safe", pure=True)
    try:
        with warnings.catch_warnings():
            # a redefined anchor is valid YAML (the later one wins, as in Compose); ruamel
            # would print a multi-line warning on stderr
            warnings.simplefilter("ignore", ReusedAnchorWarning)
            return [n for n in yaml.compose_all(text) if n is not None]
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "invalid YAML"
        if exc.context and exc.context_mark is not None and "stream" in problem:
            # an unclosed quote or bracket: name where it opened, not the end of the file
            mark = exc.context_mark
            problem = f"{problem} ({exc.context} that starts on this line)"
        line = _line_at(text, mark.index) if mark is not None else 1
        raise FixerError(f"YAML syntax error: {problem.splitlines()[0]}", path, line) from None
    except ReaderError as exc:
        position = exc.position if isinstance(exc.position, int) else 0
        line = _line_at(text, position)
        char = exc.character if isinstance(exc.character, int) else 0
        raise FixerError(f"YAML error: character U+{char:04X} not allowed", path, line) from None
    except YAMLError as exc:
        raise FixerError(f"YAML error: {str(exc).splitlines()[0]}", path, 1) from None
    except RecursionError:
        raise FixerError("YAML nesting too deep", path, 1) from None


def _line_at(text: str, index: int) -> int:
    """The line of a character offset, counted as :class:`LineIndex` counts (ruamel's own
    line numbers also break at U+0085, U+2028 and U+2029)."""
    return LineIndex(text).position(max(0, min(index, len(text)))).line


def extract(path: str, text: str) -> YamlFile | None:
    """Read one YAML file's facts (raises :class:`FixerError` on unusable YAML)."""
    docs = compose_nodes(path, text)
    index = LineIndex(text)
    _check_size(path, docs, index)
    scalars: list[Scalar] = []
    dups: list[Duplicate] = []
    seen: set[int] = set()
    for doc in docs:
        _walk(doc, "", seen, scalars, dups, index)
    compose = None
    named = is_compose_name(path)
    if docs:
        root = docs[0]
        if named and not isinstance(root, MappingNode):
            raise FixerError(
                "compose file: top level must be a mapping",
                path,
                index.position(root.start_mark.index).line,
            )
        if isinstance(root, MappingNode):
            compose = _compose_model(root, index, named)
    return YamlFile(
        path=path,
        scalars=tuple(sorted(scalars, key=lambda s: s.start)),
        compose=compose,
        duplicates=tuple(dups),
        suppressions=_suppressions(text),
        documents=len(docs),
        commands=_commands(text, docs),
        content_key=_content_key(text) if compose is not None else "",
        line_digests=_line_digests(text) if compose is not None else (),
    )


# -- command lines in YAML (CI workflows, task files, comments) -------------------------------

DIR_KEYS = ("working-directory", "working_directory", "workdir", "dir", "cwd", "chdir")


def _commands(text: str, docs: list[Node]) -> CommandFacts:
    """Compose command lines in the string values (with the ``working-directory`` of their
    step or job, or the ``dir`` of their task) and in the comments of a YAML file."""
    low = text.lower()
    if "compose" not in low and "env" not in low:
        return CommandFacts()
    invocations: list[Invocation] = []
    created = []
    found: list[CommandFacts] = []
    seen: set[int] = set()
    for doc in docs:
        _scan_nodes(doc, (), found, seen, 0)
    found.append(_scan_comments(text))
    for facts in found:
        invocations += facts.invocations
        created += facts.created
    return CommandFacts(tuple(invocations), tuple(created))


def _scan_nodes(
    node: Node, dirs: tuple[str, ...], out: list[CommandFacts], seen: set[int], depth: int
) -> None:
    if id(node) in seen or depth > 60:
        return
    seen.add(id(node))
    if isinstance(node, ScalarNode):
        value = str(node.value)
        if node.tag == STR_TAG and " " in value:
            low = value.lower()
            if "compose" in low or "env" in low:
                first = node.start_mark.line + (2 if node.style in ("|", ">") else 1)
                found = scan_commands(value, first, dirs)
                if found:
                    out.append(found)
    elif isinstance(node, SequenceNode):
        for item in node.value:
            _scan_nodes(item, dirs, out, seen, depth + 1)
    elif isinstance(node, MappingNode):
        here = _dir_hint(node)
        inner = ((here,) if here else ()) + dirs
        for k, v in node.value:
            if isinstance(k, ScalarNode) and str(k.value) == "COMPOSE_FILE":
                if isinstance(v, ScalarNode) and v.value:
                    found = scan_commands(f"COMPOSE_FILE={v.value}", v.start_mark.line + 1, inner)
                    if found:
                        out.append(found)
                continue
            _scan_nodes(v, inner, out, seen, depth + 1)


def _dir_hint(node: MappingNode) -> str | None:
    """The folder commands of this mapping run in: a ``working-directory``-like key, or a
    job's ``defaults: {run: {working-directory: X}}``."""
    for k, v in node.value:
        if not isinstance(k, ScalarNode):
            continue
        key = str(k.value)
        if key in DIR_KEYS and isinstance(v, ScalarNode) and v.value:
            return str(v.value)
        if key == "defaults" and isinstance(v, MappingNode):
            for k2, v2 in v.value:
                if isinstance(k2, ScalarNode) and k2.value == "run" and isinstance(v2, MappingNode):
                    hint = _dir_hint(v2)
                    if hint:
                        return hint
    return None


def _scan_comments(text: str) -> CommandFacts:
    r"""Usage lines in comments (``# docker compose -f a.yml -f b.yml up``): each run of
    comment lines is scanned as one text, so ``\`` continuations across them join."""
    if "#" not in text:
        return CommandFacts()
    invocations: list[Invocation] = []
    created = []
    block: list[str] = []
    start = 0

    def flush() -> None:
        if block:
            found = scan_commands("\n".join(block), start)
            invocations.extend(found.invocations)
            created.extend(found.created)
            block.clear()

    for n, line in enumerate(text.splitlines(), start=1):
        stripped = line.lstrip()
        if stripped.startswith("#"):
            if not block:
                start = n
            block.append(stripped.lstrip("#"))
        else:
            flush()
    flush()
    return CommandFacts(tuple(invocations), tuple(created))


def _content_lines(text: str) -> list[str]:
    lines = []
    for line in text.splitlines():
        stripped = line.rstrip()
        if stripped and not stripped.lstrip().startswith("#"):
            lines.append(stripped)
    return lines


def _content_key(text: str) -> str:
    """A digest of the text without comment lines, blank lines and trailing spaces: two
    copies of one compose file get the same key even when a line ending or a comment differs."""
    return hashlib.sha256("\n".join(_content_lines(text)).encode()).hexdigest()[:20]


def _line_digests(text: str) -> tuple[int, ...]:
    return tuple(sorted({zlib.crc32(line.encode()) for line in _content_lines(text)}))


# -- generic walk ---------------------------------------------------------------------------


def _scalar(node: ScalarNode, index: LineIndex, anchor: str | None = None) -> Scalar:
    return Scalar(
        value=str(node.value),
        start=index.position(node.start_mark.index),
        end=index.position(node.end_mark.index),
        style=node.style or "",
        anchor=anchor,
    )


def _walk(
    node: Node,
    where: str,
    seen: set[int],
    scalars: list[Scalar],
    dups: list[Duplicate],
    index: LineIndex,
) -> None:
    if id(node) in seen:
        return
    seen.add(id(node))
    if isinstance(node, ScalarNode):
        if node.tag == STR_TAG and "/" in str(node.value):
            scalars.append(_scalar(node, index))
    elif isinstance(node, SequenceNode):
        for i, item in enumerate(node.value):
            _walk(item, f"{where}[{i}]", seen, scalars, dups, index)
    elif isinstance(node, MappingNode):
        first: dict[str, Position] = {}
        for k, v in node.value:
            if isinstance(k, ScalarNode):
                key = str(k.value)
                pos = index.position(k.start_mark.index)
                if key in first:
                    dups.append(Duplicate(key, where or "<root>", first[key], pos))
                else:
                    first[key] = pos
                child = f"{where}.{key}" if where else key
            else:
                _walk(k, where, seen, scalars, dups, index)
                child = f"{where}.?" if where else "?"
            _walk(v, child, seen, scalars, dups, index)


def _check_size(path: str, docs: list[Node], index: LineIndex) -> None:
    """Refuse documents whose aliases expand past :data:`MAX_EXPANDED_NODES` (alias bombs)."""
    sizes: dict[int, int] = {}
    active: set[int] = set()

    def size(node: Node) -> int:
        key = id(node)
        if key in sizes:
            return sizes[key]
        if key in active:
            raise FixerError(
                "recursive YAML alias", path, index.position(node.start_mark.index).line
            )
        active.add(key)
        total = 1
        if isinstance(node, SequenceNode):
            children: list[Node] = list(node.value)
        elif isinstance(node, MappingNode):
            children = [n for pair in node.value for n in pair]
        else:
            children = []
        for child in children:
            total += size(child)
            if total > MAX_EXPANDED_NODES:
                raise FixerError(
                    f"YAML aliases expand to more than {MAX_EXPANDED_NODES} nodes, refused",
                    path,
                    index.position(node.start_mark.index).line,
                )
        active.discard(key)
        sizes[key] = total
        return total

    try:
        for doc in docs:
            size(doc)
    except RecursionError:
        raise FixerError("YAML nesting too deep", path, 1) from None


def _suppressions(text: str) -> tuple[tuple[int, frozenset[str]], ...]:
    out: list[tuple[int, frozenset[str]]] = []
    if "fixer:" not in text:
        return ()
    for n, line in enumerate(text.split("\n"), start=1):
        m = SUPPRESSION.search(line)
        if m:
            codes = frozenset(c.strip().upper() for c in m.group(1).split(",") if c.strip())
            out.append((n, codes))
    return tuple(out)


# -- compose model --------------------------------------------------------------------------


def _items(node: MappingNode, depth: int = 0) -> dict[str, tuple[ScalarNode, Node, str | None]]:
    """A mapping's keys with merge keys resolved: key -> (key node, value node, anchor)."""
    out: dict[str, tuple[ScalarNode, Node, str | None]] = {}
    merged: list[tuple[str, tuple[ScalarNode, Node, str | None]]] = []
    for k, v in node.value:
        if not isinstance(k, ScalarNode):
            continue
        if k.tag == MERGE_TAG and depth < 20:
            sources = v.value if isinstance(v, SequenceNode) else [v]
            for src in sources:
                if isinstance(src, MappingNode):
                    for key, (kn, vn, anchor) in _items(src, depth + 1).items():
                        merged.append((key, (kn, vn, anchor or src.anchor)))
            continue
        if str(k.value) not in out:
            out[str(k.value)] = (k, v, None)
    for key, entry in merged:
        out.setdefault(key, entry)
    return out


def _str_nodes(node: Node) -> Iterator[ScalarNode]:
    if isinstance(node, ScalarNode):
        yield node
    elif isinstance(node, SequenceNode):
        for item in node.value:
            if isinstance(item, ScalarNode):
                yield item


def _anchor(node: Node, inherited: str | None) -> str | None:
    return inherited or getattr(node, "anchor", None)


def _compose_model(root: MappingNode, index: LineIndex, named: bool) -> ComposeFile | None:
    top = _items(root)
    services_entry = top.get("services")
    entries = tuple(_include_entries(top.get("include"), index))
    includes = tuple(p for e in entries for p in e.paths)
    if services_entry is None or not isinstance(services_entry[1], MappingNode):
        if named or includes:
            return ComposeFile(services=(), includes=includes, include_entries=entries)
        return None
    services: list[Service] = []
    looks_like_compose = named or bool(includes)
    for key, (knode, vnode, _a) in _items(services_entry[1]).items():
        if isinstance(vnode, MappingNode):
            body = _items(vnode)
            if SERVICE_KEYS & body.keys():
                looks_like_compose = True
            services.append(_service(key, knode, body, index, vnode.anchor))
        elif isinstance(vnode, ScalarNode) and vnode.value in ("", None, "~", "null"):
            services.append(Service(name=key, key=_scalar(knode, index)))
    if not looks_like_compose:
        return None
    return ComposeFile(
        services=tuple(services),
        includes=includes,
        include_entries=entries,
        merge_tags=_has_merge_tags(services_entry[1]),
        words=_words(root),
    )


def _words(root: Node) -> frozenset[str]:
    """The name-like scalars of a document, keys and values (what else a name can be)."""
    out: set[str] = set()
    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, ScalarNode):
            v = str(node.value)
            if len(v) <= 63 and _WORD.fullmatch(v):
                out.add(v)
        elif isinstance(node, SequenceNode):
            stack.extend(node.value)
        elif isinstance(node, MappingNode):
            for k, v in node.value:
                stack.append(k)
                stack.append(v)
    return frozenset(out)


_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")


def _include_entries(
    entry: tuple[ScalarNode, Node, str | None] | None, index: LineIndex
) -> Iterator[Include]:
    """``include:`` in every form: a path string, or a mapping with ``path`` (a string or a
    list), ``project_directory`` and ``env_file`` (a string or a list)."""
    if entry is None:
        return
    items = entry[1].value if isinstance(entry[1], SequenceNode) else [entry[1]]
    for item in items:
        if isinstance(item, ScalarNode):
            if item.value not in ("", None):
                yield Include((_scalar(item, index),))
        elif isinstance(item, MappingNode):
            body = _items(item)
            path = body.get("path")
            if path is None:
                continue
            pd = body.get("project_directory")
            env = body.get("env_file")
            yield Include(
                paths=tuple(_scalar(n, index) for n in _str_nodes(path[1])),
                project_directory=_scalar(pd[1], index)
                if pd is not None and isinstance(pd[1], ScalarNode)
                else None,
                env_files=tuple(_scalar(n, index) for n in _str_nodes(env[1])) if env else (),
            )


def _has_merge_tags(services: Node) -> bool:
    """Whether ``!reset`` or ``!override`` appears among the services (a merge-only file)."""
    stack, seen = [services], set()
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if node.tag in ("!reset", "!override"):
            return True
        if isinstance(node, SequenceNode):
            stack.extend(node.value)
        elif isinstance(node, MappingNode):
            stack.extend(v for _k, v in node.value)
    return False


def _service(
    name: str,
    knode: ScalarNode,
    body: dict[str, tuple[ScalarNode, Node, str | None]],
    index: LineIndex,
    anchor: str | None,
) -> Service:
    refs: list[ServiceRef] = []

    def sc(node: ScalarNode, a: str | None) -> Scalar:
        return _scalar(node, index, _anchor(node, a or anchor))

    def value(key: str) -> str | None:
        entry = body.get(key)
        if entry and isinstance(entry[1], ScalarNode) and entry[1].value is not None:
            return str(entry[1].value)
        return None

    build = None
    if "build" in body:
        _k, bnode, ba = body["build"]
        ba = _anchor(bnode, ba)
        pos = index.position(_k.start_mark.index)
        if isinstance(bnode, ScalarNode):
            s = sc(bnode, ba)
            build = Build(position=pos, scalar=s, context=s)
        elif isinstance(bnode, MappingNode):
            b = _items(bnode)
            ctx = b.get("context")
            df = b.get("dockerfile")
            build = Build(
                position=pos,
                context=sc(ctx[1], ctx[2] or ba)
                if ctx and isinstance(ctx[1], ScalarNode)
                else None,
                dockerfile=sc(df[1], df[2] or ba) if df and isinstance(df[1], ScalarNode) else None,
                inline="dockerfile_inline" in b,
            )
        else:
            build = Build(position=pos)

    env_files: list[EnvFile] = []
    if "env_file" in body:
        _k, enode, ea = body["env_file"]
        ea = _anchor(enode, ea)
        items = enode.value if isinstance(enode, SequenceNode) else [enode]
        for item in items:
            if isinstance(item, ScalarNode):
                env_files.append(EnvFile(sc(item, ea)))
            elif isinstance(item, MappingNode):
                e = _items(item)
                p = e.get("path")
                req = e.get("required")
                required = not (
                    req and isinstance(req[1], ScalarNode) and str(req[1].value).lower() == "false"
                )
                if p and isinstance(p[1], ScalarNode):
                    env_files.append(EnvFile(sc(p[1], _anchor(item, ea)), required))

    if "depends_on" in body:
        _k, dnode, da = body["depends_on"]
        da = _anchor(dnode, da)
        if isinstance(dnode, SequenceNode):
            for item in dnode.value:
                if isinstance(item, ScalarNode):
                    refs.append(ServiceRef("depends_on", str(item.value), sc(item, da)))
        elif isinstance(dnode, MappingNode):
            for k, _v in dnode.value:
                if isinstance(k, ScalarNode) and k.tag != MERGE_TAG:
                    refs.append(ServiceRef("depends_on", str(k.value), sc(k, da)))
    if "links" in body:
        _k, lnode, la = body["links"]
        for item in _str_nodes(lnode):
            text = str(item.value)
            svc, sep, alias = text.partition(":")
            refs.append(ServiceRef("links", svc, sc(item, _anchor(lnode, la)), "", sep + alias))
    if "volumes_from" in body:
        _k, vnode, va = body["volumes_from"]
        for item in _str_nodes(vnode):
            text = str(item.value)
            if text.startswith("container:"):
                continue
            svc, sep, mode = text.partition(":")
            refs.append(
                ServiceRef("volumes_from", svc, sc(item, _anchor(vnode, va)), "", sep + mode)
            )
    for key in ("network_mode", "ipc", "pid"):
        if key in body:
            _k, mnode, ma = body[key]
            if isinstance(mnode, ScalarNode) and str(mnode.value).startswith("service:"):
                svc = str(mnode.value)[len("service:") :]
                refs.append(ServiceRef(key, svc, sc(mnode, ma), "service:"))
    if "extends" in body:
        _k, xnode, xa = body["extends"]
        if isinstance(xnode, ScalarNode):
            refs.append(ServiceRef("extends", str(xnode.value), sc(xnode, xa)))
        elif isinstance(xnode, MappingNode):
            x = _items(xnode)
            s = x.get("service")
            f = x.get("file")
            file = str(f[1].value) if f and isinstance(f[1], ScalarNode) else None
            if s and isinstance(s[1], ScalarNode):
                refs.append(
                    ServiceRef(
                        "extends", str(s[1].value), sc(s[1], _anchor(xnode, s[2] or xa)), file=file
                    )
                )
    return Service(
        name=name,
        key=_scalar(knode, index),
        build=build,
        env_files=tuple(env_files),
        refs=tuple(refs),
        container_name=value("container_name"),
        image=value("image"),
        keys=frozenset(body),
    )


def _service_scalars(s: Service) -> Iterator[Scalar]:
    if s.build:
        for sc in (s.build.scalar, s.build.context, s.build.dockerfile):
            if sc is not None:
                yield sc
    for e in s.env_files:
        yield e.scalar
    for r in s.refs:
        yield r.scalar


# -- paths as Compose resolves them ---------------------------------------------------------


def interpolate(value: str, env: Mapping[str, str] | None = None) -> tuple[str | None, str]:
    """Compose-style interpolation: ``(result, "")``, or ``(None, note)`` when unresolved."""
    if "$" not in value:
        return value, ""
    env = env or {}
    missing: list[str] = []

    def sub(m: re.Match[str]) -> str:
        if m.group(0) == "$$":
            return "$"
        name = m.group("braced") or m.group("bare")
        op, arg = m.group("op"), m.group("arg") or ""
        current = env.get(name)
        if op in (":-", "-"):
            if current is None or (op == ":-" and current == ""):
                return arg
            return current
        if op in (":+", "+"):
            return arg if current not in (None, "") or (op == "+" and current is not None) else ""
        if current is None:
            missing.append(name)
            return ""
        return current

    result = VARIABLE.sub(sub, value)
    if missing:
        return None, f"variable {', '.join(sorted(set(missing)))} not set (no default, no .env)"
    if "${" in result:
        return None, "unsupported interpolation"
    return result, ""


def join(base_dir: str, rel: str) -> str | None:
    """``rel`` resolved against ``base_dir`` (repo-relative); None when it leaves the root."""
    if rel.startswith("/") or rel.startswith("~"):
        return None
    joined = (
        posixpath.normpath(posixpath.join(base_dir, rel)) if base_dir else posixpath.normpath(rel)
    )
    if joined == ".." or joined.startswith("../"):
        return None
    return "" if joined == "." else joined


def folder(path: str) -> str:
    parent = posixpath.dirname(path)
    return parent


@dataclass(frozen=True)
class ResolvedBuild:
    """Where a build's context and Dockerfile are, repo-relative (None: not checkable)."""

    context: str | None
    dockerfile: str | None
    note: str = ""


def is_remote(context: str) -> bool:
    return bool(REMOTE_CONTEXT.match(context)) or context.endswith(".git")


def resolve_build(
    compose_path: str,
    build: Build,
    env: Mapping[str, str] | None = None,
    base_dir: str | None = None,
) -> ResolvedBuild:
    """``context`` relative to the compose file's folder, ``dockerfile`` relative to it."""
    base = folder(compose_path) if base_dir is None else base_dir
    raw_ctx = build.context.value if build.context is not None else "."
    ctx_value, note = interpolate(raw_ctx, env)
    if ctx_value is None:
        return ResolvedBuild(None, None, f"context skipped: {note}")
    if is_remote(ctx_value):
        return ResolvedBuild(None, None, "remote context skipped")
    context = join(base, ctx_value)
    if context is None:
        return ResolvedBuild(None, None, "context outside the repository")
    if build.inline:
        return ResolvedBuild(context, None, "dockerfile_inline skipped")
    raw_df = build.dockerfile.value if build.dockerfile is not None else "Dockerfile"
    df_value, note = interpolate(raw_df, env)
    if df_value is None:
        return ResolvedBuild(context, None, f"dockerfile skipped: {note}")
    dockerfile = join(context, df_value)
    return ResolvedBuild(
        context, dockerfile, "" if dockerfile else "dockerfile outside the repository"
    )
