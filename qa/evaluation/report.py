"""The eval table: one row per metric, one column per system (ours first, then the baselines)."""

from __future__ import annotations

from qa.evaluation.runner import Report

LABELS = {
    "mrr@10": "MRR@10",
    "ndcg@10": "nDCG@10",
    "answer_sentence_accuracy": "answer-sentence accuracy",
    "phrase_exact_match": "phrase exact-match (SQuAD)",
    "phrase_f1": "phrase F1 (SQuAD)",
    "answered": "answered (answerable questions)",
    "no_answer_accuracy": "no-answer accuracy",
    "median_seconds": "median query time (ms)",
}


def label(metric: str) -> str:
    if metric in LABELS:
        return LABELS[metric]
    name, _, k = metric.partition("@")
    return f"{name.replace('_', '-')}@{k}"


def format_report(report: Report) -> str:
    names = [s.name for s in report.systems]
    metrics = [m for m in report.systems[0].values if any(s.values.get(m) is not None for s in report.systems)]
    rows = [[label(m)] + [_cell(m, s.values.get(m)) for s in report.systems] for m in metrics]
    header = ["metric"] + names
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    lines = [f"{report.eval_set}: {report.questions} questions, {report.passages} passages in {report.index}", ""]
    lines.append(_line(header, widths))
    lines.append("  ".join("-" * w for w in widths))
    lines.extend(_line(row, widths) for row in rows)
    return "\n".join(lines)


def _line(cells: list[str], widths: list[int]) -> str:
    """The first column left-aligned, the figures right-aligned."""
    return "  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(cells, widths, strict=True)))


def _cell(metric: str, value: float | None) -> str:
    if value is None:
        return "—"
    if metric == "median_seconds":
        return f"{value * 1000:.0f}"
    return f"{value:.3f}"
