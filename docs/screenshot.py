"""Regenerate docs/chat.svg: the chat on the seed index after a question and its follow-up, as Textual exports it.

    .venv/bin/python docs/screenshot.py [--size 100x44]
"""

from __future__ import annotations

import argparse
import asyncio
from pathlib import Path

from qa.engine import Callbacks, ensure_index
from tui.factory import make_app
from tui.widgets.question_input import QuestionInput

ROOT = Path(__file__).resolve().parent.parent
QUESTIONS = ("Who is the spokesman of China's Foreign Ministry?", "What did he say?")


async def shoot(size: tuple[int, int], target: Path) -> None:
    app = make_app(ROOT / "vectors")
    async with app.run_test(size=size) as pilot:
        for _ in range(500):
            if app.engine is not None:
                break
            await pilot.pause(0.05)
        app.query_one(QuestionInput).cursor_blink = False
        for asked, question in enumerate(QUESTIONS, start=1):
            app.query_one(QuestionInput).value = question
            await pilot.press("enter")
            for _ in range(500):
                if len(app.results()) >= asked:
                    break
                await pilot.pause(0.05)
        await pilot.pause(0.2)
        app.save_screenshot(filename=target.name, path=str(target.parent))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="100x44")
    args = parser.parse_args()
    width, height = (int(n) for n in args.size.split("x"))
    ensure_index(ROOT / "vectors", Callbacks(print))
    asyncio.run(shoot((width, height), ROOT / "docs" / "chat.svg"))


if __name__ == "__main__":
    main()
