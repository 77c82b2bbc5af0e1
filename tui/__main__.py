"""`python -m tui [--index DIR]`: open the chat."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from qa.config import default_index_dir
from qa.errors import QAError
from qa.text.display import displayable
from tui.factory import run_chat


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tui", description="Chat with your news archive.")
    parser.add_argument("--index", type=Path, default=None, metavar="DIR",
                        help="index folder (default: vectors/, or $QA_INDEX)")
    args = parser.parse_args(argv)
    try:
        named = args.index is not None or bool(os.environ.get("QA_INDEX"))
        return run_chat(args.index or default_index_dir(), default_corpus=not named)
    except QAError as exc:
        print(f"qa: error: {displayable(exc.message)}", file=sys.stderr)
        return exc.exit_code


if __name__ == "__main__":
    sys.exit(main())
