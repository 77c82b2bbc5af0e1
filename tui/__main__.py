"""`python -m tui [--index DIR]`: open the chat."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from qa.config import default_index_dir, index_named
from qa.errors import QAError
from qa.text.display import displayable
from tui.factory import run_chat


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tui", description="Chat with your news archive.")
    parser.add_argument("--index", type=Path, default=None, metavar="DIR",
                        help="index folder (default: vectors/, or $QA_INDEX)")
    args = parser.parse_args(argv)
    try:
        return run_chat(args.index or default_index_dir(), default_corpus=not index_named(args.index))
    except QAError as exc:
        print(f"qa: error: {displayable(exc.message)}", file=sys.stderr)
        return exc.exit_code


if __name__ == "__main__":
    sys.exit(main())
