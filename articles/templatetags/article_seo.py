"""The SEO head of server-rendered articles, from the same code as the API."""

import json

from django import template
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.safestring import SafeString, mark_safe

from articles.seo_meta import seo_meta
from articles.structured_data import page_breadcrumbs, structured_data

register = template.Library()

# Inside <script>, "</script>" or "<!--" in a string would end or break the
# element; JSON's \u escapes keep the data identical for a parser.
_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


@register.simple_tag(takes_context=True)
def article_seo(context: template.Context, page) -> dict:
    """{"meta": seo_meta(), "structured_data": ..., "breadcrumbs": [...]}.

    Worked out once per render: the head and the body's breadcrumb trail both
    ask for it, from different template blocks.
    """
    key = ("article_seo", page.pk)
    cache = context.render_context
    if key not in cache:
        translations = (
            page.get_translations().live().select_related("locale")
            if getattr(settings, "WAGTAIL_I18N_ENABLED", False)
            else ()
        )
        breadcrumbs = page_breadcrumbs(page)
        cache[key] = {
            "meta": seo_meta(
                page, translations=translations, request=context.get("request")
            ),
            "structured_data": structured_data(
                page, breadcrumbs=breadcrumbs, request=context.get("request")
            ),
            "breadcrumbs": breadcrumbs,
        }
    return cache[key]


@register.filter
def json_ld(value: dict) -> SafeString:
    """JSON for a <script type="application/ld+json"> element."""
    text = json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False)
    # Safe: the characters that could end the <script> element are escaped.
    return mark_safe(text.translate(_SCRIPT_ESCAPES))


@register.simple_tag
def site_name() -> str:
    return settings.WAGTAIL_SITE_NAME
