"""Slack adapter for rolebot: Block Kit rendering, app manifest, and a slack-bolt app.

Only `app` and `serve` import slack_bolt; rendering and the manifest are plain Python.
"""
