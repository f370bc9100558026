"""Discord adapter for rolebot: message payloads, app commands from the registry, the bot.

Only `bot`, `commands` and `cli` import discord.py; `payload` is plain Python.
"""
