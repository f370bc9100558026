"""How much work one message may cause in the core. Every path that reads user text (slash
commands, `/rolebot`, plain questions, mentions, button values, Discord options and
autocomplete) goes through these bounds, so no input of any length or shape can cost more
than a few milliseconds or a few MB (see tests/test_bounds.py and bench/worst_case.py)."""

from __future__ import annotations

# The longest message either platform lets a person type (Discord with Nitro: 4000; a Slack
# slash command or mention of a real question is far shorter). The rest is ignored.
MAX_INPUT_CHARS = 4000
# Words read from one message: a pasted job advert fits, a flood does not.
MAX_WORDS = 200
# Characters of one message the question reader looks at for its subject, parts and requests
# (about 300 words: more than MAX_WORDS of ordinary prose).
MAX_READ_CHARS = 2000
# Spelling look-ups one message may start (each costs up to ~0.1 ms); words past the
# allowance are matched exactly. Words already looked up by an earlier message are free.
MAX_TYPO_LOOKUPS = 12
