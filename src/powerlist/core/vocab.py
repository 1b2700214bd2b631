"""The list's vocabulary, in one place: the words that the models, the
checks, the pages and the templates compare against."""

from __future__ import annotations

MINOR = ("勘误", "指南更新")  # kinds of entry that adjust no power: no 文号 needed
RETIRED = {"已取消": "取消", "已合并": "合并"}  # status → the kind of entry that does it
