from django.core.exceptions import ValidationError


def error_text(exc: ValidationError) -> str:
    """All messages of a ValidationError on one line, for a flash message."""
    return "；".join(exc.messages)
