"""The one split of SQuAD v1.1 dev by article: the reader trains on some articles, its no-answer threshold is
calibrated on others, and every reported figure comes from the rest. Articles are numbered in file order."""

from __future__ import annotations

TRAIN = "train"
CALIBRATE = "calibrate"
REPORT = "report"


def article_part(article_index: int) -> str:
    """Every third article (2, 5, 8, ...: 16 of 48) is reported; four of the others (0, 12, 24, 36) calibrate."""
    if article_index % 3 == 2:
        return REPORT
    if article_index % 12 == 0:
        return CALIBRATE
    return TRAIN
