"""What text may hold beyond what YAML itself refuses (yamlbuild.CONTROL):
no character that is not shown yet changes what the text is.

Names and short fields (ShortText, step labels, names, phones, parameter
values) refuse every invisible character: format characters (Cf: zero-width
space, joiners, soft hyphen, a BOM inside text, bidi controls, tag
characters, invisible operators), private-use and unassigned code points,
surrogates, line and paragraph separators, and the Hangul fillers, which
are letters that draw nothing. Such a name shows identical to a real item's
while search for it finds nothing.

Longer texts (Text: 条文原文, notes, duties) refuse what reorders or hides
text anywhere: bidi controls (U+061C, U+200E, U+200F, U+202A-U+202E,
U+2066-U+2069) and tag characters (U+E0000-U+E007F). In a YAML file the
reader already refuses these wherever they are written, comments included
(yamlsource), so `long_text` catches what comes another way (import). Other
invisible characters arrive in long texts from pasted Word text and change
nothing a reader is told, so they pass.

Everything real Chinese text needs is printable and passes: CJK
punctuation, full-width forms, middle dots (U+00B7, U+30FB), the
ideographic space (U+3000) and the other visible spaces. Joiners needed by
Arabic-script or Mongolian names (ZWJ, ZWNJ, U+180E) are refused in short
fields: this tool's lists are written in Chinese.

Both checks run at C speed on the common case (`str.isprintable`, one
regular expression); only a text that holds such a character is looked at
character by character.
"""

from __future__ import annotations

import re
import unicodedata

from pydantic_core import PydanticCustomError

from .rules import say

ERROR_TYPE = "invisible_character"  # validate.explain reports it as PL116 at the character

REORDERING = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\U000e0000-\U000e007f]")
_FILLERS = re.compile("[\u115f\u1160\u3164\uffa0]")
_INVISIBLE = ("Cf", "Co", "Cn", "Cs", "Zl", "Zp")

_NAMES = {
    "\u00ad": "软连字符", "\u034f": "组合用字形连接符", "\u061c": "阿拉伯字母标记", "\u180e": "蒙古文元音分隔符",
    "\u200b": "零宽空格", "\u200c": "零宽不连字", "\u200d": "零宽连字", "\u200e": "从左至右标记",
    "\u200f": "从右至左标记", "\u2028": "行分隔符", "\u2029": "段分隔符", "\u202a": "从左至右嵌入",
    "\u202b": "从右至左嵌入", "\u202c": "方向嵌入结束", "\u202d": "从左至右覆盖", "\u202e": "从右至左覆盖",
    "\u2060": "字连接符", "\u2061": "不可见函数应用符", "\u2062": "不可见乘号", "\u2063": "不可见分隔符",
    "\u2064": "不可见加号", "\u2066": "从左至右隔离", "\u2067": "从右至左隔离", "\u2068": "首强字符隔离",
    "\u2069": "方向隔离结束", "\ufeff": "零宽不换行空格（BOM）", "\u115f": "韩文填充符", "\u1160": "韩文填充符",
    "\u3164": "韩文填充符", "\uffa0": "韩文填充符",
}
_BY_CATEGORY = {"Co": "私用区字符", "Cn": "未分配的码位", "Cs": "代理项", "Cf": "格式控制字符"}


def char_name(ch: str) -> str:
    """U+XXXX and what the character is, in Chinese."""
    code = ord(ch)
    name = _NAMES.get(ch)
    if name is None and 0xE0000 <= code <= 0xE007F:
        name = "标签字符"
    if name is None:
        name = _BY_CATEGORY.get(unicodedata.category(ch), "不可见字符")
    return say("PL116", "char", code=code, name=name)


def invisible(value: str) -> list[str]:
    """The characters a name or short field must not hold, each once, in order."""
    if value.isprintable():  # no Cc, Cf, Cs, Co, Cn, Zl, Zp (nor Zs: spaces are looked at below)
        return list(dict.fromkeys(_FILLERS.findall(value)))
    return list(dict.fromkeys(ch for ch in value if unicodedata.category(ch) in _INVISIBLE or _FILLERS.match(ch)))


def _refuse(chars: list[str]) -> PydanticCustomError:
    variant = "reorder" if all(REORDERING.match(ch) for ch in chars) else ""
    named = "、".join(char_name(ch) for ch in chars[:5]) + ("等" if len(chars) > 5 else "")
    # the message has no {field} of pydantic's: it is said whole here, the first character kept for the position
    return PydanticCustomError(ERROR_TYPE, say("PL116", variant, char=named), {"char": chars[0]})


def short_text(value: str) -> str:
    """A name or short field: no invisible character at all."""
    chars = invisible(value)
    if chars:
        raise _refuse(chars)
    return value


def long_text(value: str) -> str:
    """A longer text: nothing that reorders or hides text."""
    if REORDERING.search(value):
        raise _refuse(list(dict.fromkeys(REORDERING.findall(value))))
    return value


def is_cjk(ch: str) -> bool:
    """A CJK ideograph (the unified block and extension A): what search indexes by sound."""
    return "\u3400" <= ch <= "\u9fff"


def letters(text: str) -> str:
    """What of a name (or query) search matches: NFKC, lower case, ASCII
    letters and digits and CJK characters only (the site script's `letters`
    is the same).

    >>> letters("Ｋｊ 科技·特派员！")
    'kj科技特派员'
    """
    return "".join(ch for ch in unicodedata.normalize("NFKC", text).lower()
                   if (ch.isascii() and ch.isalnum()) or is_cjk(ch))
