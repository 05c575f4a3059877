"""How personal data is shown in lists and exports (masked) — full values only on request, and logged."""


def mask_id_number(value: str | None) -> str:
    if not value:
        return ""
    if len(value) < 10:
        return "*" * len(value)
    return f"{value[:6]}{'*' * (len(value) - 10)}{value[-4:]}"


def mask_phone(value: str | None) -> str:
    if not value:
        return ""
    if len(value) == 11 and value.isdigit():
        return f"{value[:3]}****{value[-4:]}"
    if len(value) <= 4:
        return "*" * len(value)
    return f"{value[:-4][: max(0, len(value) - 8)]}{'*' * min(4, len(value) - 4)}{value[-4:]}"


def mask_name(value: str | None) -> str:
    """张三丰 -> 张*丰, 李四 -> 李*: for public pages (证书查询)."""
    if not value:
        return ""
    if len(value) == 1:
        return value
    if len(value) == 2:
        return value[0] + "*"
    return value[0] + "*" * (len(value) - 2) + value[-1]
