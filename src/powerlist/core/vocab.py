"""The list's vocabulary, in one place: the words that the models, the
checks, the pages and the templates compare against."""

from __future__ import annotations

from typing import Literal, get_args

# each as a type (for the models and the checker) and as its words in order
NoticeKind = Literal["新增", "取消", "调整", "下放", "承接", "合并", "拆分", "勘误", "指南更新"]  # kinds of notice entry, in order
NOTICE_KINDS: tuple[NoticeKind, ...] = get_args(NoticeKind)
Status = Literal["在用", "暂停", "已取消", "已合并"]  # an item's status
STATUSES: tuple[Status, ...] = get_args(Status)
ADDING = ("新增", "承接")  # kinds whose entry covers an item's first version
MINOR = ("勘误", "指南更新")  # kinds of entry that adjust no power: no 文号 needed
RETIRED = {"已取消": "取消", "已合并": "合并"}  # status → the kind of entry that does it
