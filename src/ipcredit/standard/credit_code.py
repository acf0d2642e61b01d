"""统一社会信用代码 (GB 32100-2015): 18 characters with a check character."""

from __future__ import annotations

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def check_character(first17: str) -> str:
    total = sum(ALPHABET.index(ch) * w for ch, w in zip(first17, WEIGHTS, strict=True))
    value = 31 - total % 31
    return ALPHABET[0 if value == 31 else value]


def credit_code_problem(code: str) -> str | None:
    """None for a valid code, else a message in Chinese (with English) saying what is wrong."""
    if len(code) != 18:
        return f"统一社会信用代码应为 18 位，实为 {len(code)} 位 (must be 18 characters)"
    bad = sorted({ch for ch in code if ch not in ALPHABET})
    if bad:
        hint = "（字母须大写，且不使用 I、O、Z、S、V）" if any(c.isalpha() for c in bad) else ""
        return f"统一社会信用代码含非法字符 {''.join(bad)!r}{hint} (invalid characters)"
    expected = check_character(code[:17])
    if code[17] != expected:
        return f"统一社会信用代码校验位错误: 应为 {expected}，实为 {code[17]} (check character mismatch)"
    return None


def is_valid_credit_code(code: str) -> bool:
    return credit_code_problem(code) is None
