"""The chat: a Textual terminal UI over the `qa` library (`qa chat`, `python -m tui`)."""
