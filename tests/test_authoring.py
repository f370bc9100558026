"""Content authoring: canonical formatting, the schema for editors, scaffolding a new pack."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

from rolebot.content import load_pack
from rolebot.content.fmt import canonical
from rolebot.content.loader import schema
from tests.conftest import PACK_DIR, ROOT, run_cli


def test_shipped_content_is_canonical() -> None:
    out = run_cli("content", "fmt", "--check", str(PACK_DIR))
    assert out.returncode == 0, out.stdout


def test_fmt_is_stable_idempotent_and_keeps_comments(pack_copy: Path) -> None:
    path = pack_copy / "salary.toml"
    messy = (
        "# header comment\n\n"
        "[salary]\n"
        "# a note on the unit\n"
        'unit = "k"\n'
        'summary = "s"\n'
        'title = "Salary bands"\n'
        'year = 2026\nregion = "UK"\ncurrency_symbol = "£"\n'
        'bands = [{high = 70, role = "ml", low = 50, level = "junior"}]\n'
    )
    once = canonical(messy)
    assert canonical(once) == once
    assert tomllib.loads(once) == tomllib.loads(messy)
    assert once.startswith("# header comment\n")
    assert "# a note on the unit\nunit = " in once
    keys = [line.split(" = ")[0] for line in once.splitlines() if " = " in line and not line.startswith(" ")]
    assert keys[:6] == ["title", "region", "year", "currency_symbol", "unit", "summary"]  # the model's order
    assert '{ level = "junior", role = "ml", low = 50, high = 70 }' in once
    path.write_text(messy)
    check = run_cli("content", "fmt", "--check", str(pack_copy))
    assert check.returncode == 1 and f"would reformat {path}" in check.stdout
    assert path.read_text() == messy  # --check changes nothing
    assert run_cli("content", "fmt", str(pack_copy)).returncode == 0
    assert path.read_text() == once
    assert run_cli("content", "fmt", "--check", str(pack_copy)).returncode == 0


def test_fmt_reports_broken_toml(pack_copy: Path) -> None:
    (pack_copy / "faq.toml").write_text("[[faq]\n")
    out = run_cli("content", "fmt", "--check", str(pack_copy))
    assert out.returncode == 1 and "faq.toml" in out.stderr


def test_schema_is_current_and_usable_per_file() -> None:
    committed = json.loads((ROOT / "schema" / "content.schema.json").read_text())
    assert committed == schema(), "regenerate: rolebot content schema > schema/content.schema.json"
    assert "required" not in committed and committed["additionalProperties"] is False
    assert "salary" in committed["properties"] and "version" not in committed["properties"]
    whole = json.loads(run_cli("content", "schema", "--whole").stdout)
    assert {"id", "salary", "faq"} <= set(whole["required"])
    import jsonschema

    for f in PACK_DIR.glob("*.toml"):
        jsonschema.validate(tomllib.loads(f.read_text()), committed)


def test_new_scaffolds_a_valid_pack(tmp_path: Path) -> None:
    out = run_cli("content", "new", "data-vs-analytics", "--root", str(tmp_path))
    assert out.returncode == 0, out.stderr
    pack = load_pack(tmp_path / "data-vs-analytics")
    assert pack.id == "data-vs-analytics"
    assert run_cli("validate", str(tmp_path / "data-vs-analytics")).returncode == 0
    assert run_cli("content", "fmt", "--check", str(tmp_path)).returncode == 0
    again = run_cli("content", "new", "data-vs-analytics", "--root", str(tmp_path))
    assert again.returncode == 1 and "already exists" in again.stderr
    assert run_cli("content", "new", "Bad Name!", "--root", str(tmp_path)).returncode == 1
