"""Prometheus metrics for `rolebot serve`, kept with prometheus-client (imported only when a
server runs): answers by command, platform and outcome, answer latency, the content version,
reloads and refused edits, and platform calls that failed for good."""

from __future__ import annotations

from typing import Any

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from prometheus_client.exposition import CONTENT_TYPE_LATEST

from rolebot import events

CONTENT_TYPE = CONTENT_TYPE_LATEST
# answers take about a millisecond: buckets from 0.25 ms to 1 s
BUCKETS = (0.00025, 0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1.0)


MOST_CHILDREN = 4096  # label children remembered by what an answer told


class Metrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        r = self.registry
        self.answers = Counter(
            "rolebot_answers", "Answers given", ["command", "platform", "outcome"], registry=r
        )
        self.latency = Histogram(
            "rolebot_answer_seconds",
            "Time to answer, text in to reply out",
            ["platform"],
            buckets=BUCKETS,
            registry=r,
        )
        self.content = Gauge("rolebot_content_info", "The content version in use", ["version"], registry=r)
        self.reloads = Counter("rolebot_content_reloads", "Content reloads that took effect", registry=r)
        self.refused = Counter(
            "rolebot_content_refused_edits", "Content edits refused as invalid", registry=r
        )
        self.failures = Counter(
            "rolebot_platform_failures",
            "Platform API calls that failed for good",
            ["platform", "call"],
            registry=r,
        )

        # label children by what an answer told: `labels()` checks and locks on every call
        self._children: dict[tuple[Any, ...], tuple[Any, Any]] = {}

    def attach(self, version: str) -> None:
        self.set_version(version)
        events.listen(self.on_event)

    def detach(self) -> None:
        events.forget(self.on_event)

    def set_version(self, version: str) -> None:
        self.content.clear()
        self.content.labels(version=version).set(1)

    def on_event(self, event: str, data: dict[str, Any]) -> None:
        if event == events.ANSWER:
            told = (data.get("command"), data.get("platform"), data.get("outcome"))
            children = self._children.get(told)
            if children is None:
                command = str(told[0] or "").split(" ")[0] or "none"
                platform = str(told[1] or "none")
                key = (command, platform, str(told[2]))
                if len(self._children) >= MOST_CHILDREN:  # commands with arguments: bounded
                    self._children.clear()
                children = self._children[told] = (self.answers.labels(*key), self.latency.labels(platform))
            children[0].inc()
            children[1].observe(float(data.get("latency_ms", 0.0)) / 1000)
        elif event == events.RELOAD:
            self.reloads.inc()
            self.set_version(str(data.get("version", "")))
        elif event == events.REFUSED_EDIT:
            self.refused.inc()
        elif event == events.DELIVERY_FAILED:
            self.failures.labels(platform=str(data.get("platform")), call=str(data.get("call"))).inc()

    def text(self) -> bytes:
        return generate_latest(self.registry)
