"""Load a content pack from its TOML files, validate it, and cache the validated result.

Every error names the file, the key path inside it and what is wrong.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rolebot import cache as stored
from rolebot.content.models import Pack

_MODELS_FILE = Path(__file__).with_name("models.py")
_CHECKS_FILE = Path(__file__).with_name("checks.py")
CACHE_FORMAT = "1"


@dataclass(frozen=True)
class ContentError:
    """One problem in the content: where it is and what is wrong."""

    file: str
    path: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}: {self.path}" if self.path else self.file
        return f"{where}: {self.message}"


class ContentErrors(Exception):
    """Raised when a pack does not load; holds every error found."""

    def __init__(self, errors: Iterable[ContentError]) -> None:
        self.errors = list(errors)
        super().__init__("\n".join(str(e) for e in self.errors))


def shipped_content_dir() -> Path:
    """The content packs shipped with rolebot: inside the installed package (a wheel carries
    them as `rolebot/_content`), or `content/` beside `src/` in a checkout. (`Settings` says
    which folder is in use.) The package's own folder is found from this file, as
    `importlib.resources` would for an installed package, without its import cost."""
    packaged = Path(__file__).resolve().parents[1] / "_content"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[3] / "content"


def inside_installed_package(folder: Path) -> bool:
    """Whether `folder` lies inside the installed package (site-packages), where no pack
    should be written: an upgrade would remove it."""
    from importlib.resources import files

    package = Path(str(files("rolebot"))).resolve()
    checkout = package.parents[1] / "content"
    return not checkout.is_dir() and folder.resolve().is_relative_to(package)


def format_path(loc: Iterable[Any]) -> str:
    """(`salary`, `bands`, 3, `low`) -> `salary.bands[3].low`."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


def pack_dirs(root: Path) -> list[Path]:
    """The pack folders under `root` (or `root` itself when it holds TOML files)."""
    if any(root.glob("*.toml")):
        return [root]
    return sorted(p for p in root.iterdir() if p.is_dir() and any(p.glob("*.toml")))


def load_packs(
    root: Path, *, cache: Path | None = None, reserved: Mapping[str, str] | None = None
) -> dict[str, Pack]:
    """Every pack under `root`, by id. Raises `ContentErrors` listing all problems.
    `cache`: where validated packs are kept (None: nowhere). `reserved`: words no role or
    level may take (the bot's command words; see `cross_check`)."""
    if not root.is_dir():
        raise ContentErrors([ContentError(str(root), "", "content folder not found")])
    packs: dict[str, Pack] = {}
    errors: list[ContentError] = []
    dirs = pack_dirs(root)
    if not dirs:
        errors.append(ContentError(str(root), "", "no *.toml content files found"))
    for d in dirs:
        try:
            pack = load_pack(d, cache=cache, reserved=reserved)
        except ContentErrors as exc:
            errors.extend(exc.errors)
            continue
        if pack.id in packs:
            errors.append(ContentError(str(d), "id", f"pack id {pack.id!r} is used by two packs"))
        packs[pack.id] = pack
    defaults = [p.id for p in packs.values() if p.default]
    if len(defaults) > 1:
        errors.append(ContentError(str(root), "default", f"more than one pack is the default: {defaults}"))
    if errors:
        raise ContentErrors(errors)
    return packs


def _read(directory: Path) -> tuple[list[tuple[Path, bytes]], str]:
    files = sorted(directory.glob("*.toml"))
    digest = hashlib.sha256()
    blobs = []
    for f in files:
        data = f.read_bytes()
        blobs.append((f, data))
        digest.update(f.name.encode() + b"\0" + data + b"\0")
    return blobs, digest.hexdigest()[:16]


def _cache_path(directory: Path, version: str, reserved: Mapping[str, str], base: Path) -> Path:
    code = hashlib.sha256(_MODELS_FILE.read_bytes() + _CHECKS_FILE.read_bytes() + CACHE_FORMAT.encode())
    words = ",".join(sorted(reserved))  # checked against these words: another set checks again
    key = hashlib.sha256(f"{version}|{code.hexdigest()}|{words}".encode()).hexdigest()
    return base / f"{_cache_family(directory)}{key[:32]}.pickle"


def _cache_family(directory: Path) -> str:
    """The file-name prefix every cached version of one pack folder shares."""
    return f"content-{hashlib.sha256(str(directory.resolve()).encode()).hexdigest()[:16]}-"


def load_pack(
    directory: Path, *, cache: Path | None = None, reserved: Mapping[str, str] | None = None
) -> Pack:
    """Load and validate one pack folder (kept under `cache` when one is given). Raises
    `ContentErrors`."""
    reserved = reserved or {}
    blobs, version = _read(directory)
    path = _cache_path(directory, version, reserved, cache) if cache is not None else None
    cached = stored.load(path)
    if isinstance(cached, Pack) and cached.version == version:
        return cached
    pack = validate_files(directory, blobs, version, reserved)
    stored.store(path, pack, family=_cache_family(directory))
    return pack


def toml_parser() -> Any:
    """tomli, compiled (about three times faster on content than the standard library's
    tomllib, which is the same parser in pure Python); tomllib where tomli is missing."""
    try:
        import tomli

        return tomli
    except ImportError:  # pragma: no cover - tomli is a dependency
        import tomllib

        return tomllib


def parse_files(directory: Path, blobs: list[tuple[Path, bytes]]) -> tuple[dict[str, Any], dict[str, str]]:
    """Parse and merge the TOML files; return the merged data and which file holds each key."""
    errors: list[ContentError] = []
    merged: dict[str, Any] = {}
    owner: dict[str, str] = {}
    if not blobs:
        raise ContentErrors([ContentError(str(directory), "", "no *.toml content files found")])
    toml = toml_parser()  # parsed only when the cache cannot answer

    for path, data in blobs:
        name = str(path)
        try:
            doc = toml.loads(data.decode("utf-8"))
        except UnicodeDecodeError as exc:
            errors.append(ContentError(name, "", f"not UTF-8 text ({exc.reason} at byte {exc.start})"))
            continue
        except toml.TOMLDecodeError as exc:
            errors.append(ContentError(name, "", f"TOML syntax error: {exc}"))
            continue
        for key, value in doc.items():
            if key in merged:
                errors.append(ContentError(name, key, f"key {key!r} is already defined in {owner[key]}"))
                continue
            merged[key] = value
            owner[key] = name
    if errors:
        raise ContentErrors(errors)
    return merged, owner


def validate_files(
    directory: Path, blobs: list[tuple[Path, bytes]], version: str, reserved: Mapping[str, str] | None = None
) -> Pack:
    merged, owner = parse_files(directory, blobs)
    pack = validate_data(merged, owner, fallback=str(directory / "pack.toml"), reserved=reserved)
    return dataclasses.replace(pack, version=version)


def _messages(exc: Any) -> Iterator[tuple[tuple[Any, ...], str]]:
    for err in exc.errors(include_url=False):
        loc = tuple(err["loc"])
        kind = err["type"]
        if kind in ("unexpected_keyword_argument", "extra_forbidden"):
            yield loc, "unknown key (check its spelling; see `rolebot content schema`)"
        elif kind == "missing" or kind == "missing_argument":
            yield loc, "required key is missing"
        else:
            yield loc, err["msg"]


def validate_data(
    data: dict[str, Any], owner: dict[str, str], fallback: str, reserved: Mapping[str, str] | None = None
) -> Pack:
    """Validate merged TOML data against the models, then run the cross-checks."""
    from pydantic import TypeAdapter, ValidationError  # imported only when validating

    from rolebot.content.checks import cross_check

    try:
        pack = TypeAdapter(Pack).validate_python(data)
    except ValidationError as exc:
        errors = []
        for loc, msg in _messages(exc):
            file = owner.get(str(loc[0]), fallback) if loc else fallback
            errors.append(ContentError(file, format_path(loc), msg))
        raise ContentErrors(errors) from None
    problems = [
        ContentError(owner.get(p.split(".")[0].split("[")[0], fallback), p, m)
        for p, m in cross_check(pack, reserved)
    ]
    if problems:
        raise ContentErrors(problems)
    return pack


def schema(*, whole: bool = False) -> dict[str, Any]:
    """The JSON Schema of content files. Each file holds some of a pack's top-level keys, so by
    default no top-level key is required; `whole` gives the schema of a merged pack."""
    from pydantic import TypeAdapter

    result: dict[str, Any] = TypeAdapter(Pack).json_schema()
    result["title"] = "rolebot content pack" if whole else "rolebot content file"
    result["properties"].pop("version", None)  # set by the loader, never written
    if not whole:
        result.pop("required", None)
    return result
