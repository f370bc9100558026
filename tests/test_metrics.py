"""Answer metrics are counted in plain numbers and exported when scraped: the same samples
prometheus-client's own Counter and Histogram give for the same answers."""

from __future__ import annotations

import random

from hypothesis import given
from hypothesis import strategies as st
from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.parser import text_string_to_metric_families

from rolebot import events
from rolebot.metrics import BUCKETS, Metrics


def samples(text: bytes, names: tuple[str, ...]) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    """The samples of the named metrics; a `_created` one (a time) only as present."""
    found = {}
    for family in text_string_to_metric_families(text.decode()):
        for s in family.samples:
            if s.name.startswith(names):
                value = 0.0 if s.name.endswith("_created") else round(s.value, 9)
                found[(s.name, tuple(sorted(s.labels.items())))] = value
    return found


ANSWER = st.fixed_dictionaries(
    {
        "command": st.sampled_from([None, "", "salary senior ml", "decide team:ai", "help", "ask"]),
        "platform": st.sampled_from(["slack", "discord", None]),
        "outcome": st.sampled_from(["ok", "refused", "error"]),
        # on the bucket bounds too, where a histogram counts a value in the bucket it equals
        "latency_ms": st.sampled_from([b * 1000 for b in BUCKETS]) | st.floats(0, 3000, allow_nan=False),
    }
)


@given(st.lists(ANSWER, max_size=40))
def test_answers_export_what_prometheus_clients_own_metrics_export(answers: list[dict[str, object]]) -> None:
    metrics = Metrics()
    registry = CollectorRegistry()
    counter = Counter(
        "rolebot_answers", "Answers given", ["command", "platform", "outcome"], registry=registry
    )
    timer = Histogram(
        "rolebot_answer_seconds", "Time to answer", ["platform"], buckets=BUCKETS, registry=registry
    )
    for data in answers:
        metrics.on_event(events.ANSWER, dict(data))
        platform = str(data["platform"] or "none")
        counter.labels(str(data["command"] or "").split(" ")[0] or "none", platform, data["outcome"]).inc()
        timer.labels(platform).observe(float(data["latency_ms"]) / 1000)  # type: ignore[arg-type]
    names = ("rolebot_answers", "rolebot_answer_seconds")
    assert samples(metrics.text(), names) == samples(generate_latest(registry), names)


def test_a_scrape_reads_the_counts_of_a_busy_server() -> None:
    metrics = Metrics()
    rng = random.Random(4)
    for _ in range(5000):
        metrics.on_event(
            events.ANSWER,
            {
                "command": f"salary {rng.choice(['senior', 'junior'])}",
                "platform": "slack",
                "outcome": "ok",
                "latency_ms": rng.random(),
            },
        )
    found = samples(metrics.text(), ("rolebot_answers_total", "rolebot_answer_seconds_count"))
    assert (
        found[("rolebot_answers_total", (("command", "salary"), ("outcome", "ok"), ("platform", "slack")))]
        == 5000
    )
    assert found[("rolebot_answer_seconds_count", (("platform", "slack"),))] == 5000


def test_created_series_follow_prometheus_clients_switch() -> None:
    import prometheus_client.metrics as prometheus_metrics
    from prometheus_client import disable_created_metrics, enable_created_metrics

    metrics = Metrics()
    metrics.on_event(
        events.ANSWER, {"command": "help", "platform": "slack", "outcome": "ok", "latency_ms": 1}
    )
    assert (
        b"rolebot_answers_created{" in metrics.text() and b"rolebot_answer_seconds_created{" in metrics.text()
    )
    was = prometheus_metrics._use_created
    disable_created_metrics()
    try:
        assert b"_created" not in metrics.text()
    finally:
        if was:
            enable_created_metrics()
