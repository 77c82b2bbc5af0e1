"""How long `qa chat` takes from process start to a window, and to an input that answers questions.

Each run is a fresh Python process (imports included) driving the real app headless at 80x24 on an existing
index. Run: .venv/bin/python bench/tui_startup.py [--index DIR] [--runs N]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def child(index_dir: Path, started: float) -> None:
    """In the measured process: open the app, note when it is mounted and when the engine is loaded."""
    sys.path.insert(0, str(ROOT))
    from tui.factory import make_app
    from tui.widgets.question_input import QuestionInput

    async def run() -> dict[str, float]:
        app = make_app(index_dir)
        async with app.run_test(size=(80, 24)) as pilot:
            assert isinstance(app.focused, QuestionInput)
            window = time.time() - started
            while app.engine is None:
                await pilot.pause(0.005)
            ready = time.time() - started
        return {"window": window, "ready": ready}

    print(json.dumps(asyncio.run(run())))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--index", type=Path, default=ROOT / "vectors")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--child", type=float, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child is not None:
        child(args.index, args.child)
        return 0
    if not (args.index / "HEAD").is_file():
        print(f"no index in {args.index}; run: qa index", file=sys.stderr)
        return 2
    rows = []
    for _ in range(args.runs):
        out = subprocess.run([sys.executable, __file__, "--index", str(args.index), "--child", str(time.time())],
                             capture_output=True, text=True, check=True)
        rows.append(json.loads(out.stdout.strip().splitlines()[-1]))
    print(f"qa chat start-up, {args.runs} runs, index {args.index}")
    print(f"{'run':>4} {'window (ms)':>12} {'input ready (ms)':>17}")
    for i, row in enumerate(rows, start=1):
        print(f"{i:>4} {row['window'] * 1000:>12.0f} {row['ready'] * 1000:>17.0f}")
    print(f"{'med':>4} {statistics.median(r['window'] for r in rows) * 1000:>12.0f} "
          f"{statistics.median(r['ready'] for r in rows) * 1000:>17.0f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
