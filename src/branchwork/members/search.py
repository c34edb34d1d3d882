"""Name search keys: full pinyin and initials, so typing `zw` or `zhangwei` finds 张伟."""

from pypinyin import lazy_pinyin


def pinyin_keys(name: str) -> tuple[str, str]:
    # One conversion: the initials are the first letters of the same syllables (what
    # pypinyin's FIRST_LETTER style gives, at half the cost when an import adds thousands).
    syllables = [s for s in lazy_pinyin(name) if s.strip()]
    full = "".join(ch for ch in "".join(syllables).lower() if ch.isalnum())
    initials = "".join(ch for ch in "".join(s[0] for s in syllables).lower() if ch.isalnum())
    return full[:200], initials[:50]
