"""The guarded HTTP protocol (see `rolebot.serving`) under an import path, so that worker
processes started by `rolebot serve --workers N` load it by name."""

from __future__ import annotations

from rolebot.serving import guarded_protocol

GuardedProtocol = guarded_protocol()
