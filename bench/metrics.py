"""The cost of metrics per answer: `Bot.answer` with the Prometheus metrics listening, against
the same answers with nothing listening, in the same run. Run: python bench/metrics.py"""

from __future__ import annotations

import statistics
import time

from rolebot.bot import Bot
from rolebot.metrics import Metrics

QUESTIONS = ["/salary senior ml", "/faq 2", "which pays more?", "/decide team:ml", "what do nurses earn?"]


def run(bot: Bot, rounds: int = 400) -> float:
    times = []
    for _ in range(rounds):
        for q in QUESTIONS:
            t0 = time.perf_counter_ns()
            bot.answer(q, platform="bench")
            times.append(time.perf_counter_ns() - t0)
    return statistics.median(times) / 1000


def main() -> None:
    bot = Bot()
    bot.warm()
    run(bot, 50)  # warm caches
    bare = min(run(bot) for _ in range(3))
    metrics = Metrics()
    metrics.attach(bot.version)
    with_metrics = min(run(bot) for _ in range(3))
    metrics.detach()
    print(f"answer median without metrics: {bare:.1f} us")
    print(f"answer median with metrics:    {with_metrics:.1f} us")
    print(f"metrics cost per answer: {with_metrics - bare:+.1f} us ({with_metrics / bare:.2f}x)")


if __name__ == "__main__":
    main()
