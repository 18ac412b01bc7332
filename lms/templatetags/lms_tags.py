"""Template helpers shared by every app's templates."""

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def query_string(context, **changes):
    """The current query string with ``changes`` applied, starting with ``?``.

    A change to ``None`` or ``""`` drops that parameter, so pagination links
    keep the filters and filter links can drop the page number. Parameters
    left empty by a GET form (``?topic=``) are dropped too::

        <a href="{% query_string page=3 %}">
    """
    params = context["request"].GET.copy()
    for key in [k for k, values in params.lists() if not any(values)]:
        del params[key]
    for key, value in changes.items():
        if value is None or value == "":
            params.pop(key, None)
        else:
            params[key] = value
    return f"?{params.urlencode()}" if params else "?"
