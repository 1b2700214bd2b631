"""Cleaning what published lists really hold (domain.md §7): each function
returns the clean value and what it changed, so that every change can be
reported. Nothing here guesses: a value that cannot be read unambiguously is
returned as it was, for a diagnostic to name.

>>> tidy("科技&ldquo;成果&rdquo;\u3000登记")[0]
'科技“成果” 登记'
>>> [s for s, _, _ in split_stages("1.受理责任：公示材料。2、审查责任：审查材料")[0]]
['受理', '审查']
>>> split_stages("1.法制审核：审核合法性。")[0]
[('法制审核', '审核合法性。', '审核')]
>>> phones("0391-2925809、03912921000")[0]
['0391-2925809', '0391-2921000']
"""

from __future__ import annotations

import html
import re
import unicodedata

# --- text -------------------------------------------------------------------

_INVISIBLE = re.compile("[\u200b-\u200f\u2060\ufeff\u00ad]")
_SPACES = re.compile("[ \t\u00a0\u3000\u2002-\u200a\u202f\u205f]+")


# what `tidy` would change: an entity, an invisible or odd space, two spaces, a line's or the text's
# own leading or trailing white space (str.strip's, which `\s` is), an empty line; most cells hold none
_UNTIDY = re.compile(r"[&\r\t\u00a0\u3000\u2002-\u200f\u202f\u205f\u2060\ufeff\u00ad]|  |^\s|\s$", re.M)


def tidy(text: str) -> tuple[str, list[str]]:
    """HTML entities decoded (twice-escaped ones too), runs of spaces and
    full-width spaces made one space, each line trimmed; line breaks kept
    (legal text is set out in lines)."""
    if not _UNTIDY.search(text):
        return text, []
    changes: list[str] = []
    out = text
    for _ in range(3):  # “&amp;ldquo;” is an entity escaped once more
        decoded = html.unescape(out)
        if decoded == out:
            break
        out = decoded
    if out != text:
        changes.append("entities")
    spaced = _INVISIBLE.sub("", out.replace("\r\n", "\n").replace("\r", "\n"))
    spaced = "\n".join(_SPACES.sub(" ", line).strip() for line in spaced.split("\n"))
    spaced = re.sub(r"\n{3,}", "\n\n", spaced).strip()
    if spaced != out:
        changes.append("spaces")
    return spaced, changes


_LINE_BREAK = re.compile(r"\s*\n\s*")


def one_line(text: str) -> str:
    return _LINE_BREAK.sub("", text) if "\n" in text else text


# --- numbered lists: 责任事项, 追责情形 ----------------------------------------

_CN = "一二三四五六七八九十"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
# a number that starts an entry: at the start, after a line break, or after the end of a sentence
_NUMBER = re.compile(
    rf"(?:^|(?<=[\s。；;！!]))\s*(?:[(（][0-9{_CN}]+[)）]|[0-9]{{1,2}}\s*[.．、)）](?![0-9])|[{_CIRCLED}]|[{_CN}]{{1,3}}、)\s*")

# stage keywords → the stage vocabulary (domain.md §2.2); longer keywords first
STAGE_WORDS: list[tuple[str, str]] = [
    ("事后监管", "事后监管"), ("事中事后监管", "事后监管"), ("后续监管", "事后监管"), ("监督管理", "事后监管"),
    ("调查取证", "调查取证"), ("制定方案", "制定方案"), ("实施检查", "实施检查"), ("处置移送", "处置移送"),
    ("审查和决定", "审查和决定"), ("审核", "审核"), ("审查", "审查"), ("受理", "受理"), ("决定", "决定"),
    ("送达", "送达"), ("立案", "立案"), ("调查", "调查取证"), ("告知", "告知"), ("执行", "执行"),
    ("检查", "实施检查"), ("处置", "处置移送"), ("移送", "处置移送"), ("监管", "事后监管"), ("公示", "公示"),
    ("兑现", "兑现"), ("上报", "上报"), ("报送", "上报"), ("转报", "上报"), ("推荐", "推荐"), ("评审", "审查"),
    ("核查", "审查"), ("办结", "决定"), ("其他", "其他"),
]
_STAGES = {stage for _, stage in STAGE_WORDS}
# “受理责任：” “受理环节：” “受理阶段：” at the head of an entry, or run together in one line
_HEAD = re.compile(r"^\s*([\u4e00-\u9fff]{2,8}?)(?:责任|环节|阶段)?\s*[:：]")
_RUN_TOGETHER = re.compile(r"(?:(?<=^)|(?<=[。；;\n]))\s*(?=[\u4e00-\u9fff]{2,6}(?:责任|环节)\s*[:：])")


def split_numbered(text: str) -> list[str]:
    """The entries of a numbered list (`1.` `1、` `①` `(1)` `（一）` `一、`),
    in one line or many; text without numbers is one entry per line."""
    parts = [p.strip() for p in _NUMBER.split(text)]
    parts = [p for p in parts if p]
    if len(parts) > 1 or _NUMBER.match(text):
        return parts
    return [line.strip() for line in text.split("\n") if line.strip()]


def stage_of(entry: str) -> tuple[str, str, str | None]:
    """(stage, content, standard) of one 责任事项 entry: the stage as the
    list names it (法制审核 stays 法制审核), and beside it the stage of the
    vocabulary it maps to when that is another word (None when the same, or
    when nothing maps). An entry without a stage heading gets the
    vocabulary's stage its opening words name, else 其他."""
    head = _HEAD.match(entry)
    content = entry[head.end():].strip() if head else entry
    probe = head.group(1) if head else entry[:12]
    standard = next((stage for word, stage in STAGE_WORDS if word in probe), None)
    if head:  # kept as written
        name = head.group(1)
        return name, content or entry, standard if standard and standard != name else None
    return standard or "其他", entry, None


def split_stages(text: str) -> tuple[list[tuple[str, str, str | None]], list[str]]:
    """责任事项 text → [(stage, content, standard)], numbered or run together."""
    entries = split_numbered(text)
    if len(entries) == 1:
        run = [p.strip() for p in _RUN_TOGETHER.split(entries[0]) if p.strip()]
        if len(run) > 1:
            entries = run
    return [stage_of(e) for e in entries], (["stages"] if len(entries) > 1 else [])


def split_cases(text: str) -> list[str]:
    """追责情形: numbered, or one per line or per “；”."""
    entries = split_numbered(text)
    if len(entries) == 1:
        entries = [p.strip() for p in re.split(r"[；;]\s*", entries[0]) if p.strip()]
    return [e.rstrip("；;。") for e in entries]


# --- phones -------------------------------------------------------------------

_PHONE_SPLIT = re.compile(r"[\s、；;，,/]+|或")


def phones(text: str) -> tuple[list[str], list[str]]:
    """Numbers in one field, split; a landline written without its hyphen
    gets one where the area code is certain (010, 02X: three digits; any
    other 0XXX: four)."""
    changes: list[str] = []
    raw = unicodedata.normalize("NFKC", text)
    raw = re.sub(r"[(（]\s*(0\d{2,3})\s*[)）]\s*", r"\1-", raw)  # (0391)2925809
    parts = [p.strip(" -—") for p in _PHONE_SPLIT.split(raw) if p.strip(" -—")]
    # “0391-” “2925809” split apart by a space: join an area code to its number
    joined: list[str] = []
    for p in parts:
        if joined and re.fullmatch(r"0\d{2,3}-?", joined[-1]) and re.fullmatch(r"\d{7,8}", p):
            joined[-1] = joined[-1].rstrip("-") + "-" + p
        else:
            joined.append(p)
    if len(joined) > 1:
        changes.append("phones-split")
    out = []
    for p in joined:
        fixed = _hyphen(p)
        if fixed != p:
            changes.append("phone-hyphen")
        out.append(fixed)
    return out, changes


def _hyphen(number: str) -> str:
    if not re.fullmatch(r"0\d{9,11}", number):
        return number
    area = 3 if number.startswith(("010", "02")) else 4
    local = number[area:]
    return f"{number[:area]}-{local}" if len(local) in (7, 8) else number


# --- 承办机构, 层级, 来源, 性质 ----------------------------------------------------

def split_units(text: str) -> list[str]:
    return [u.strip() for u in re.split(r"[；;、，,/\n]+", text) if u.strip()]


_LEVELS = [("国家", "国家级"), ("中央", "国家级"), ("省", "省级"), ("自治区", "省级"), ("市", "市级"),
           ("州", "市级"), ("盟", "市级"), ("地区", "市级"), ("县", "县级"), ("区", "县级"), ("旗", "县级"),
           ("乡", "乡镇级"), ("镇", "乡镇级"), ("街道", "乡镇级"), ("村", "村级"), ("社区", "村级")]


def levels(text: str) -> tuple[list[str], bool]:
    """行使层级 → the level vocabulary; True when the text said more than
    the levels (a note such as 初审上报), to be kept as written."""
    text = unicodedata.normalize("NFKC", text)
    core = re.sub(r"\([^)]*权限[^)]*\)|\((?:初审|审核|上报|转报)[^)]*\)", "", text)
    extra = core != text
    core = re.sub(r"\(州\)|\(盟\)|\(地区\)|\(市\)|\(区\)", "", core)
    out: list[str] = []
    for part in re.split(r"[、,;/；\s]+|和|及", core):
        part = part.strip()
        if not part:
            continue
        # “省、市、县级”: a bare 省 / 市 belongs to the level named after it
        found = next((lvl for word, lvl in _LEVELS if part.startswith(word)), None)
        if found is None:
            found = next((lvl for word, lvl in _LEVELS if word in part), None)
        if found is None:
            return [], True
        if part not in (found, found[:-1], found[:-1] + "级") and not re.fullmatch(r"[\u4e00-\u9fff]{1,2}级", part):
            extra = True
        if found not in out:
            out.append(found)
    return out, extra


def is_level(text: str) -> bool:
    """A 实施主体 that names a level (“市级”, “县级以上”), not a body."""
    return bool(re.fullmatch(r"(国家|省|市|县|区|乡镇|乡|镇|村)级?(以上|以下)?(人民政府)?(主管部门)?", text.strip())) \
        and not text.strip().endswith("人民政府")


SOURCES = {"法定本级行使": "法定本级行使", "法定": "法定本级行使", "本级": "法定本级行使", "本级行使": "法定本级行使",
           "上级下放": "上级下放", "下放": "上级下放", "上级授权": "上级授权", "同级授权": "同级授权",
           "上级委托": "上级委托", "同级委托": "同级委托"}
NATURES = {"法定机关": "法定机关", "行政机关": "法定机关", "法定行政机关": "法定机关", "授权组织": "授权组织",
           "法律法规授权组织": "授权组织", "受委托组织": "受委托组织", "委托组织": "受委托组织"}
STATUSES = {"在用": "在用", "有效": "在用", "正常": "在用", "实施": "在用", "暂停": "暂停", "暂停实施": "暂停"}
CANCELLED = ("取消", "已取消", "废止", "停用")


# --- 实施依据 → citations ---------------------------------------------------------

_ARTICLE = re.compile(r"第[0-9一二三四五六七八九十百千零〇两]+条(?:第[0-9一二三四五六七八九十百零〇]+款)?"
                      r"(?:第[0-9一二三四五六七八九十百零〇]+项)?(?:[、和及至]第[0-9一二三四五六七八九十百千零〇两]+条"
                      r"(?:第[0-9一二三四五六七八九十百零〇]+款)?(?:第[0-9一二三四五六七八九十百零〇]+项)?)*")
_DOC_NUMBER = re.compile(r"^\s*[(（]([^()（）]*[〔\[［(（]?\d{4}[〕\]］)）]?[^()（）]*号)[)）]")


_BARE_DOC_NUMBER = re.compile(r"[(（]?([\u4e00-\u9fff]{1,12}[〔\[［(（]\d{4}[〕\]］)）]\s*\d{1,5}\s*号)[)）]?(?=$|第|[：:])")


def citations(text: str) -> list[dict[str, str]]:
    """《title》(文号) 第N条 text… for each book title in the text; a line
    that starts with a bare 文号 is a citation of its own (lists cite some
    documents by number only); a text without a clear book title is one
    citation holding all of it."""
    lines = text.split("\n")
    if any(_BARE_DOC_NUMBER.match(ln) for ln in lines):
        out: list[dict[str, str]] = []
        rest: list[str] = []
        for ln in lines + [""]:
            m = _BARE_DOC_NUMBER.match(ln)
            if (m or ln == "") and rest:
                out += _titled("\n".join(rest))
                rest = []
            if m:
                c = {"doc_number": m.group(1)}
                tail = ln[m.end():]
                colon = re.search(r"[：:]", tail)
                article = (tail[:colon.start()] if colon else tail).strip()
                if article:
                    c["article"] = article
                if colon and tail[colon.end():].strip():
                    c["text"] = tail[colon.end():].strip()
                out.append(c)
            elif ln:
                rest.append(ln)
        return out
    return _titled(text)


# the number of the next entry, left at the end of a citation's text: “…的。2” “…的；3.” “…（二）”
_TRAILING_NUMBER = re.compile(
    rf"(?:(?<=[。；;：:，,\s])|^)\s*(?:[0-9]{{1,2}}\s*[.．、]?|[(（][0-9{_CN}]+[)）]|[{_CN}]{{1,3}}、|[{_CIRCLED}])\s*$")
# text before a 《title》 that lets it open a new citation: nothing, a line break or the end of a sentence,
# and the number of an entry
_OPENS = re.compile(rf"(?:^|[。；;\n])\s*(?:[0-9]{{1,2}}\s*[.．、]?|[(（][0-9{_CN}]+[)）]|[{_CN}]{{1,3}}、|[{_CIRCLED}])?\s*$")
_JOINED = re.compile(r"^\s*(?:[（(][^（）()]*[)）])?\s*[、，,和及与]\s*$")
# what follows a title that cites: its 文号, an article, a colon or the end of the entry — not the rest of a sentence
_CITES = re.compile(r"\s*(?:[（(]|第|[：:，,；;。\n]|$|[、和及与]\s*《)")


def _unnumbered(text: str) -> str:
    return _TRAILING_NUMBER.sub("", text).rstrip() if _TRAILING_NUMBER.search(text) else text


def _opening(text: str, titles: list[re.Match]) -> list[re.Match]:
    """The book titles that open a citation: the first, and each later one
    that starts a line, a sentence or a numbered entry, or follows the one
    before with only “、” “和” between them. A title quoted inside an
    article's text (…依照《公司法》的规定…) opens nothing."""
    out = [titles[0]]
    for prev, m in zip(titles, titles[1:]):
        before = text[:m.start()]
        if not _CITES.match(text, m.end()):
            continue  # “…。《公司法》另有规定的，从其规定。”: a sentence of the article, not a citation
        if _OPENS.search(before) or (prev is out[-1] and _JOINED.match(text[prev.end():m.start()])):
            out.append(m)
    return out


def _titled(text: str) -> list[dict[str, str]]:
    found = list(re.finditer(r"《([^《》]{2,100})》", text))
    if not found:
        return [{"title": text}]
    titles = _opening(text, found)
    out: list[dict[str, str]] = []
    prefix = text[:titles[0].start()].strip(" ：:，,。；;\n")
    for i, m in enumerate(titles):
        rest = text[m.end():titles[i + 1].start() if i + 1 < len(titles) else len(text)]
        if i + 1 < len(titles):
            rest = _unnumbered(rest)
        c: dict[str, str] = {"title": m.group(1).strip()}
        doc = _DOC_NUMBER.match(rest)
        if doc:
            c["doc_number"] = doc.group(1).strip()
            rest = rest[doc.end():]
        head = rest.lstrip()
        colon = re.search(r"[：:]", head)
        candidate = (head[:colon.start()] if colon else head).strip()
        if candidate.startswith("第") and len(candidate) <= 40 and not re.search(r"[。；;\n《]", candidate):
            c["article"] = candidate  # 第十四条, 第三编 合同 第二十章 技术合同: up to the colon
            rest = head[colon.start():] if colon else ""
        else:
            art = _ARTICLE.search(rest)
            if art and not rest[:art.start()].strip(" ，,：:、\n"):
                c["article"] = art.group(0)
                rest = rest[art.end():]
        body = rest.strip(" ：:，,。；;、\n")
        if i + 1 < len(titles) and re.fullmatch(r"[和及与、，,以]*", body):
            body = ""  # a joining word between two citations (“和”, “及”)
        if body:
            c["text"] = rest.strip(" ：:，,；;、\n")
        out.append(c)
    if prefix and len(prefix) > 6:  # text before the first title belongs to nothing: keep it in the first
        out[0]["text"] = (prefix + ("\n" + out[0]["text"] if "text" in out[0] else "")).strip()
    return out
