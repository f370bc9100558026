"""Prometheus metrics for `rolebot serve`, kept with prometheus-client (imported only when a
server runs): answers by command, platform and outcome, answer latency, the content version,
reloads and refused edits, and platform calls that failed for good."""

from __future__ import annotations

import time
from bisect import bisect_left
from typing import Any

import prometheus_client.metrics as prometheus_metrics
from prometheus_client import CollectorRegistry, Counter, Gauge, generate_latest
from prometheus_client.core import CounterMetricFamily, HistogramMetricFamily, Metric
from prometheus_client.exposition import CONTENT_TYPE_LATEST
from prometheus_client.samples import Sample
from prometheus_client.utils import floatToGoString

from rolebot import events

CONTENT_TYPE = CONTENT_TYPE_LATEST
# answers take about a millisecond: buckets from 0.25 ms to 1 s
BUCKETS = (0.00025, 0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1.0)


MOST_TOLD = 4096  # label sets remembered by what an answer told


class Answered:
    """Answers by command, platform and outcome, and their latency by platform, counted in
    plain numbers and exported as a counter and a histogram when scraped. prometheus-client's
    own metrics take a lock at every update (three an answer); these are updated only on the
    thread that answers, the server's event loop, where the scrape runs too."""

    def __init__(self) -> None:
        self.counts: dict[tuple[str, str, str], int] = {}
        # per platform: answers in each bucket (the last is +Inf), then the sum of seconds
        self.times: dict[str, list[float]] = {}
        self.created: dict[object, float] = {}  # when each series began (its `_created`)
        self._labels: dict[tuple[Any, ...], tuple[str, str, str]] = {}  # by what an answer told

    def add(self, data: dict[str, Any]) -> None:
        told = (data.get("command"), data.get("platform"), data.get("outcome"))
        labels = self._labels.get(told)
        if labels is None:
            if len(self._labels) >= MOST_TOLD:  # commands with arguments: bounded
                self._labels.clear()
            command = str(told[0] or "").split(" ")[0] or "none"
            labels = self._labels[told] = (command, str(told[1] or "none"), str(told[2]))
        count = self.counts.get(labels)
        if count is None:
            count = 0
            self.created[labels] = time.time()
        self.counts[labels] = count + 1
        seconds = float(data.get("latency_ms", 0.0)) / 1000
        times = self.times.get(labels[1])
        if times is None:
            times = self.times[labels[1]] = [0.0] * (len(BUCKETS) + 2)
            self.created[labels[1]] = time.time()
        times[bisect_left(BUCKETS, seconds)] += 1  # the first bucket it is at most
        times[-1] += seconds

    def describe(self) -> list[Metric]:
        return self._families(empty=True)

    def collect(self) -> list[Metric]:
        return self._families(empty=False)

    def _families(self, *, empty: bool) -> list[Metric]:
        answers = CounterMetricFamily(
            "rolebot_answers", "Answers given", labels=["command", "platform", "outcome"]
        )
        latency = HistogramMetricFamily(
            "rolebot_answer_seconds", "Time to answer, text in to reply out", labels=["platform"]
        )
        if not empty:
            created = prometheus_metrics._use_created  # PROMETHEUS_DISABLE_CREATED_SERIES
            for labels, count in sorted(self.counts.items()):
                answers.add_metric(list(labels), count, created=self.created[labels] if created else None)
            for platform, times in sorted(self.times.items()):
                cumulative, buckets = 0.0, []
                for bound, n in zip([*map(floatToGoString, BUCKETS), "+Inf"], times[:-1], strict=True):
                    cumulative += n
                    buckets.append((bound, cumulative))
                latency.add_metric([platform], buckets, sum_value=times[-1])
                if created:
                    began = self.created[platform]
                    latency.samples.append(Sample(f"{latency.name}_created", {"platform": platform}, began))
        return [answers, latency]


class Metrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        r = self.registry
        self.answered = Answered()
        r.register(self.answered)
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
            self.answered.add(data)
        elif event == events.RELOAD:
            self.reloads.inc()
            self.set_version(str(data.get("version", "")))
        elif event == events.REFUSED_EDIT:
            self.refused.inc()
        elif event == events.DELIVERY_FAILED:
            self.failures.labels(platform=str(data.get("platform")), call=str(data.get("call"))).inc()

    def text(self) -> bytes:
        return generate_latest(self.registry)
