"""Symbolic links never make qa read outside the folders the user named (unless told to with --follow-links)."""

from __future__ import annotations

from pathlib import Path

from qa.index import store
from qa.index.build import BuildOptions, update_index
from qa.index.staleness import stale_sources
from qa.ingest.files import discover
from tests.fakes import FakeEncoder

BRIDGE = "Bridge news\n\nThe bridge opened on Tuesday, officials said.\n"


def _corpus(tmp_path: Path) -> tuple[Path, Path]:
    corpus = tmp_path / "articles"
    (corpus / "sub").mkdir(parents=True)
    (corpus / "ok.txt").write_text(BRIDGE, encoding="utf-8")
    (corpus / "sub" / "same.txt").symlink_to(corpus / "ok.txt")  # inside: indexed once, as the file it names
    outside = tmp_path / "private"
    outside.mkdir()
    (outside / "secret.txt").write_text("Secret\n\nThe password is swordfish.\n", encoding="utf-8")
    (corpus / "secret.txt").symlink_to(outside / "secret.txt")
    (corpus / "passwd.txt").symlink_to("/etc/passwd")
    (corpus / "everything").symlink_to("/")
    return corpus, outside


def test_links_out_of_the_folders_are_skipped_with_a_warning(tmp_path: Path) -> None:
    corpus, outside = _corpus(tmp_path)
    warnings: list[str] = []
    assert discover([corpus], warnings) == [corpus / "ok.txt"]
    assert sorted(w.split(":")[0].removeprefix("skipped ") for w in warnings) == sorted(
        str(corpus / name) for name in ("everything", "passwd.txt", "secret.txt"))
    assert all("outside the folders being indexed" in w and "--follow-links" in w for w in warnings)
    report = update_index([corpus], tmp_path / "v", BuildOptions(encoder_factory=lambda n: FakeEncoder()))
    manifest = store.load_manifest(tmp_path / "v")
    assert list(manifest.files) == ["../articles/ok.txt"] and not manifest.follow_links
    assert len(report.warnings) == 3
    assert not stale_sources(tmp_path / "v")
    assert all(not (tmp_path / "v" / s).resolve().is_relative_to(outside) for s in manifest.files)


def test_follow_links_indexes_what_links_lead_to_and_is_kept(tmp_path: Path) -> None:
    corpus, outside = _corpus(tmp_path)
    (corpus / "everything").unlink()
    (corpus / "passwd.txt").unlink()
    options = BuildOptions(encoder_factory=lambda n: FakeEncoder(), follow_links=True)
    update_index([corpus], tmp_path / "v", options)
    manifest = store.load_manifest(tmp_path / "v")
    assert manifest.follow_links and sorted(Path(s).name for s in manifest.files) == ["ok.txt", "secret.txt"]
    assert not stale_sources(tmp_path / "v")
    again = update_index([corpus], tmp_path / "v", BuildOptions(encoder_factory=lambda n: FakeEncoder()))
    assert again.unchanged == 2 and again.removed == 0
