"""Name search keys: full pinyin and initials, so typing `zw` or `zhangwei` finds 张伟."""

from pypinyin import Style, lazy_pinyin


def pinyin_keys(name: str) -> tuple[str, str]:
    syllables = [s.lower() for s in lazy_pinyin(name, errors="default")]
    full = "".join(syllables).replace(" ", "")
    initials = "".join(
        s[0] for s in lazy_pinyin(name, style=Style.FIRST_LETTER, errors="default") if s
    ).lower()
    return full[:200], initials[:50]
