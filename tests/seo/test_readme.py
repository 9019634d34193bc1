"""The README's table of checks is the editors' reference: it must list them all."""

import re

from django.conf import settings

from seo.checks import registry


def test_readme_lists_every_check_with_its_level():
    readme = (settings.BASE_DIR / "README.md").read_text(encoding="utf-8")
    rows = dict(
        re.findall(r"^\| `([a-z0-9-]+)` \|[^|]+\|[^|]+\| (\w+) \|", readme, re.M)
    )
    assert rows == {check.id: check.level.label for check in registry.all()}
