"""The shipped content packs travel inside the package: a built wheel (and so `pip install .`
and `pipx install`) carries `content/` as `rolebot/_content`. An editable install reads
`content/` from the checkout instead. Everything else is in pyproject.toml."""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

CONTENT = Path(__file__).resolve().parent / "content"


class BuildWithContent(build_py):
    def run(self) -> None:
        super().run()
        if self.editable_mode or not CONTENT.is_dir():
            return
        dest = Path(self.build_lib) / "rolebot" / "_content"
        shutil.copytree(
            CONTENT, dest, dirs_exist_ok=True, ignore=shutil.ignore_patterns("__pycache__", "*.pyc")
        )


setup(cmdclass={"build_py": BuildWithContent})
