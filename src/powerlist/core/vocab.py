"""The list's vocabulary, in one place: the words that the models, the
checks, the pages and the templates compare against."""

from __future__ import annotations

NOTICE_KINDS = ("新增", "取消", "调整", "下放", "承接", "合并", "拆分", "勘误", "指南更新")  # kinds of notice entry, in order
STATUSES = ("在用", "暂停", "已取消", "已合并")  # an item's status
ADDING = ("新增", "承接")  # kinds whose entry covers an item's first version
MINOR = ("勘误", "指南更新")  # kinds of entry that adjust no power: no 文号 needed
RETIRED = {"已取消": "取消", "已合并": "合并"}  # status → the kind of entry that does it
