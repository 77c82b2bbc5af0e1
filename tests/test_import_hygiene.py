"""The core stays free of the UI and of the heavy embedding stack on the question path."""

from __future__ import annotations

import json
import subprocess
import sys

from qa.config import repo_root

PROBE = "import json, sys; import qa.cli, qa.ask.pipeline; print(json.dumps(sorted(sys.modules)))"


def test_core_imports_no_textual_torch_or_sentence_transformers() -> None:
    out = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, check=True, cwd=repo_root())
    loaded = {name.split(".")[0] for name in json.loads(out.stdout)}
    assert "qa" in loaded
    assert not loaded & {"textual", "torch", "sentence_transformers", "tui"}
