"""Name search keys: full pinyin and initials, so typing `zw` or `zhangwei` finds 张伟."""

from pypinyin import Style, lazy_pinyin


def pinyin_keys(name: str) -> tuple[str, str]:
    full = "".join(s.lower() for s in lazy_pinyin(name) if s.strip())
    initials = "".join(
        s[0].lower() for s in lazy_pinyin(name, style=Style.FIRST_LETTER) if s.strip()
    )
    full = "".join(ch for ch in full if ch.isalnum())
    initials = "".join(ch for ch in initials if ch.isalnum())
    return full[:200], initials[:50]
