"""Strict reading of the form bodies officers post to the quiz views.

Django's ``request.POST`` replaces undecodable bytes silently and accepts any
content type it can parse. Quiz answers are stored for good, so the quiz views
read the raw ``application/x-www-form-urlencoded`` body themselves and refuse,
with a message naming the field, anything that is not clean UTF-8 text of a
reasonable size.
"""

from __future__ import annotations

from urllib.parse import parse_qsl, unquote_to_bytes

from django.utils.translation import gettext as _

#: The largest form body a quiz view reads (bytes).
MAX_BODY_BYTES = 100_000
#: The most fields a quiz form may post.
MAX_FIELDS = 2_000
FORM_CONTENT_TYPE = "application/x-www-form-urlencoded"


class BadRequestData(ValueError):
    """The body cannot be read: ``field`` names the culprit; ``status`` is 400/415."""

    def __init__(self, field: str, message: str, status: int = 400):
        self.field = field
        self.message = str(message)
        self.status = status
        super().__init__(f"{field}: {self.message}")


def _field_name(pair: bytes) -> str:
    """The (percent-decoded) name of a raw ``name=value`` pair, for messages."""
    name = pair.split(b"=", 1)[0].replace(b"+", b" ")
    return unquote_to_bytes(name).decode("utf-8", errors="replace")[:60]


def _check_content_type(request) -> None:
    content_type = request.META.get("CONTENT_TYPE", "")
    media_type, _sep, params = content_type.partition(";")
    if media_type.strip().lower() != FORM_CONTENT_TYPE:
        raise BadRequestData(
            "content_type",
            _("Send the answers as an ordinary form (%(expected)s), not “%(sent)s”.")
            % {"expected": FORM_CONTENT_TYPE, "sent": media_type.strip()[:60]},
            status=415,
        )
    charset = ""
    for param in params.split(";"):
        key, _eq, value = param.partition("=")
        if key.strip().lower() == "charset":
            charset = value.strip().strip('"').lower()
    if charset and charset not in ("utf-8", "utf8"):
        raise BadRequestData(
            "content_type",
            _("Send the form as UTF-8, not %(charset)s.") % {"charset": charset[:30]},
            status=415,
        )


def _declared_length(request) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


def parse_form(request) -> dict[str, list[str]]:
    """The posted fields as name -> list of values, decoded strictly as UTF-8.

    Raises :class:`BadRequestData` for another content type (415), a body over
    :data:`MAX_BODY_BYTES` (naming its largest field), too many fields, or a
    name or value that is not valid UTF-8 (naming the field).
    """
    if not request.META.get("CONTENT_TYPE") and not _declared_length(request):
        return {}  # An empty form: every required field is missing.
    _check_content_type(request)
    if _declared_length(request) > MAX_BODY_BYTES * 10:
        # Do not even read it.
        raise BadRequestData(
            "body",
            _("The form is too large; the limit is %(limit)d KB.")
            % {"limit": MAX_BODY_BYTES // 1000},
        )
    body = request.body
    pairs = [pair for pair in body.split(b"&") if pair]
    if len(body) > MAX_BODY_BYTES:
        largest = max(pairs, key=len, default=b"")
        raise BadRequestData(
            _field_name(largest) or "body",
            _(
                "The form is %(size)d KB, over the limit of %(limit)d KB; this field "
                "holds %(field_size)d KB."
            )
            % {
                "size": len(body) // 1000,
                "limit": MAX_BODY_BYTES // 1000,
                "field_size": len(largest) // 1000,
            },
        )
    if len(pairs) > MAX_FIELDS:
        raise BadRequestData(
            "body",
            _("The form has %(n)d fields; the limit is %(limit)d.")
            % {"n": len(pairs), "limit": MAX_FIELDS},
        )
    data: dict[str, list[str]] = {}
    for pair in pairs:
        try:
            text = pair.decode("ascii")
            parsed = parse_qsl(
                text, keep_blank_values=True, encoding="utf-8", errors="strict"
            )
        except (UnicodeDecodeError, ValueError):
            raise BadRequestData(
                _field_name(pair) or "body",
                _("This field is not valid UTF-8 text."),
            ) from None
        for name, value in parsed:
            if "\x00" in name or "\x00" in value:
                raise BadRequestData(
                    name.replace("\x00", "") or "body",
                    _("This field contains a NUL character."),
                )
            data.setdefault(name, []).append(value)
    return data
