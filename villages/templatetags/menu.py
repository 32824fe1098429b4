"""`{% menu_url "name" %}`: the address of a page without arguments (the menu's links),
reversed once per URLconf, script prefix and language instead of on every page: the
menu's 18 `{% url %}` tags were about a tenth of a simple page's time."""

import functools

from django import template
from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import get_language

register = template.Library()


@register.simple_tag
def menu_url(name: str) -> str:
    urlconf = get_urlconf() or settings.ROOT_URLCONF
    return _reversed(name, urlconf, get_script_prefix(), get_language())


@functools.lru_cache(maxsize=128)
def _reversed(name: str, urlconf: str, script_prefix: str, language: str | None) -> str:
    # reverse() reads the script prefix and the language itself: they are in the key so
    # that a site under a sub-path, or a language-prefixed URLconf, never gets another's.
    return reverse(name, urlconf=urlconf)
