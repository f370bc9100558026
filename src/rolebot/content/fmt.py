"""`rolebot content fmt`: one canonical form for content files, written with tomli-w.

Keys are put in the order the models declare them (so two authors' files come out alike),
then dumped by tomli-w. Comments are kept when they stand on their own lines above a table
header or a key: they are re-attached above that header or key. A comment at the end of a
line with a value (`key = 1  # note`), or above an item of an inline array, is lost: put
such notes on their own line above the key.
"""

from __future__ import annotations

import dataclasses
import re
import tomllib
import types
import typing
from pathlib import Path
from typing import Any

import tomli_w

from rolebot.content.models import Pack

_HEADER = re.compile(r"^\s*(\[\[?)\s*([^\]]+?)\s*(\]\]?)\s*(#.*)?$")
_KEY = re.compile(r"^\s*([A-Za-z0-9_-]+|\"[^\"]*\")\s*=")


def _dataclass_in(tp: Any) -> Any:
    """The dataclass a field's type holds (through Annotated, Optional, tuple and dict)."""
    if dataclasses.is_dataclass(tp):
        return tp
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if origin is typing.Annotated:
        return _dataclass_in(args[0])
    if origin in (tuple, list):
        return _dataclass_in(args[0]) if args else None
    if origin is dict:
        return _dataclass_in(args[1]) if len(args) == 2 else None
    if origin in (typing.Union, types.UnionType):
        for a in args:
            found = _dataclass_in(a)
            if found is not None:
                return found
    return None


def _is_mapping_of_models(tp: Any) -> bool:
    while typing.get_origin(tp) is typing.Annotated:
        tp = typing.get_args(tp)[0]
    return typing.get_origin(tp) is dict


def order(value: Any, model: Any) -> Any:
    """`value` with its keys in the model's declared order (unknown keys last, as found)."""
    if isinstance(value, list):
        return [order(v, model) for v in value]
    if not isinstance(value, dict) or model is None:
        return value
    hints = typing.get_type_hints(model, include_extras=True)
    names = [f.name for f in dataclasses.fields(model)]
    out: dict[str, Any] = {}
    for name in [n for n in names if n in value] + [k for k in value if k not in names]:
        tp = hints.get(name)
        inner = _dataclass_in(tp) if tp is not None else None
        if tp is not None and _is_mapping_of_models(tp) and isinstance(value[name], dict):
            out[name] = {k: order(v, inner) for k, v in value[name].items()}
        else:
            out[name] = order(value[name], inner)
    return out


def _comments(text: str) -> tuple[list[str], dict[tuple[str, int, str], list[str]]]:
    """The file's leading comment block, and comments attached to (table, occurrence, key)."""
    lines = text.splitlines()
    head: list[str] = []
    i = 0
    while i < len(lines) and (lines[i].startswith("#") or (not lines[i].strip() and head)):
        head.append(lines[i])
        i += 1
    while head and not head[-1].strip():
        head.pop()
    attached: dict[tuple[str, int, str], list[str]] = {}
    seen: dict[str, int] = {}
    table, pending = "", []
    for line in lines[i:]:
        stripped = line.strip()
        if stripped.startswith("#"):
            pending.append(stripped)
            continue
        m = _HEADER.match(line)
        if m and not _KEY.match(line):
            table = m.group(1) + m.group(2).replace(" ", "") + m.group(3)
            seen[table] = seen.get(table, 0) + 1
            if pending:
                attached[(table, seen[table], "")] = pending
        elif (k := _KEY.match(line)) and pending:
            attached[(table, seen.get(table, 0), k.group(1))] = pending
        if stripped:
            pending = []
    return head, attached


def canonical(text: str) -> str:
    data = tomllib.loads(text)
    body = tomli_w.dumps(order(data, Pack), multiline_strings=False)
    head, attached = _comments(text)
    out: list[str] = []
    seen: dict[str, int] = {}
    table = ""
    for line in body.splitlines():
        m = _HEADER.match(line)
        if m and not _KEY.match(line) and line.startswith("["):
            table = m.group(1) + m.group(2).replace(" ", "") + m.group(3)
            seen[table] = seen.get(table, 0) + 1
            out += attached.get((table, seen[table], ""), [])
        elif (k := _KEY.match(line)) and not line.startswith(" "):
            out += attached.get((table, seen.get(table, 0), k.group(1)), [])
        out.append(line)
    text_out = "\n".join(out).strip("\n") + "\n"
    return ("\n".join(head) + "\n\n" + text_out) if head else text_out


def toml_files(paths: list[Path]) -> list[Path]:
    files: list[Path] = []
    for p in paths:
        files += sorted(p.rglob("*.toml")) if p.is_dir() else [p]
    return files


def run(paths: list[Path], check: bool) -> tuple[list[Path], list[str]]:
    """Format (or with `check`, only compare) files; return those that (would) change and errors."""
    changed, errors = [], []
    for f in toml_files(paths):
        try:
            text = f.read_text(encoding="utf-8")
            new = canonical(text)
        except (tomllib.TOMLDecodeError, UnicodeDecodeError, OSError) as exc:
            errors.append(f"{f}: {exc}")
            continue
        if new != text:
            changed.append(f)
            if not check:
                f.write_text(new, encoding="utf-8")
    return changed, errors
