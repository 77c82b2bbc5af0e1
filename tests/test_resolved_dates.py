"""Date phrases are resolved when indexing and stored, so a timeline question does not need dateparser."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from qa.config import repo_root
from qa.index import store
from qa.index.build import BuildOptions, update_index
from tests.fakes import FakeEncoder

ARTICLES = {
    "a.md": "---\ndate: 2020-02-12\n---\nMira Okafor visited Lagos yesterday. It was her second visit to Lagos.\n",
    "b.md": "---\ndate: 2020-06-03\n---\nMira Okafor flew to Lagos on Monday for her third visit.\n",
}

PROBE = """
import json, sys
from pathlib import Path
from qa.ask import Engine, ask
from tests.fakes import FakeEncoder
result = ask("How many times has Mira Okafor visited Lagos?", Engine.open(Path(sys.argv[1]), encoder=FakeEncoder()))
events = [[e.when, [m.source.rsplit("/", 1)[-1] for m in e.mentions]] for e in result.timeline.events]
print(json.dumps({"count": result.timeline.count, "events": events, "dateparser": "dateparser" in sys.modules}))
"""


def _index(tmp_path: Path) -> Path:
    corpus = tmp_path / "a"
    corpus.mkdir()
    for name, text in ARTICLES.items():
        (corpus / name).write_text(text, encoding="utf-8")
    update_index([corpus], tmp_path / "v", BuildOptions(encoder_factory=lambda n: FakeEncoder()))
    return tmp_path / "v"


def test_the_index_stores_each_phrase_resolved_against_its_article_date(tmp_path: Path) -> None:
    rows = store.load(_index(tmp_path)).resolved_dates
    assert rows is not None
    assert ["yesterday", "2020-02-12", False, "2020-02-11"] in rows
    assert ["Monday", "2020-06-03", False, "2020-06-01"] in rows


def test_a_timeline_question_answers_without_loading_dateparser(tmp_path: Path) -> None:
    index_dir = _index(tmp_path)
    done = subprocess.run([sys.executable, "-c", PROBE, str(index_dir)], capture_output=True, text=True,
                          cwd=repo_root(), check=True)
    out = json.loads(done.stdout)
    assert out["dateparser"] is False
    assert out["count"] == 3
    assert [when for when, _ in out["events"]][-2:] == ["2020-02-11", "2020-06-01"]
