"""Configuration is read once, into one typed object, and passed down: no other module reads
the environment, flags win over it, and its repr never shows a token."""

from __future__ import annotations

import ast
from pathlib import Path

from rolebot.settings import Settings
from tests.conftest import ROOT


def test_the_environment_is_read_into_typed_settings(tmp_path: Path) -> None:
    env = {
        "ROLEBOT_CONTENT": str(tmp_path),
        "XDG_CACHE_HOME": str(tmp_path / "c"),
        "ROLEBOT_LOG_TEXT": "yes",
        "SLACK_BOT_TOKEN": " xoxb-secret ",
    }
    s = Settings.read(env)
    assert (s.content, s.cache, s.log_text) == (tmp_path, tmp_path / "c" / "rolebot", True)
    assert s.get("SLACK_BOT_TOKEN") == "xoxb-secret" and s.get("NOT_SET") == ""
    assert "xoxb" not in repr(s)
    assert Settings.read({**env, "ROLEBOT_NO_CACHE": "1"}).cache is None
    assert Settings.read(env, content=tmp_path / "flag").content == tmp_path / "flag"  # a flag wins
    assert Settings.read({}).log_text is False


def test_no_module_but_settings_reads_the_environment() -> None:
    for tree in (ROOT / "src", ROOT / "adapters"):
        for path in tree.rglob("*.py"):
            if path.name == "settings.py" and path.parent.name == "rolebot":
                continue
            for node in ast.walk(ast.parse(path.read_text())):
                if isinstance(node, ast.Attribute) and node.attr in ("environ", "getenv"):
                    raise AssertionError(f"{path.relative_to(ROOT)} reads the environment")
