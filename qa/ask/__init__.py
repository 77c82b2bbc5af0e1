"""Answering a question from a loaded index: `ask(question, engine)`; nothing here builds or updates an index."""

from qa.ask.engine import Engine
from qa.ask.followup import Turn
from qa.ask.pipeline import ask

__all__ = ["Engine", "Turn", "ask"]
