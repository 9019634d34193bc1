import os
from pathlib import Path

import pytest
from django.conf import settings

SEEDS_DIR = Path(
    os.environ.get("SEEDS_DIR", settings.BASE_DIR.parent / "shared" / "seeds")
)


@pytest.fixture
def seeds_dir() -> Path:
    if not SEEDS_DIR.is_dir():
        pytest.skip(f"seed articles not found at {SEEDS_DIR} (set SEEDS_DIR)")
    return SEEDS_DIR


@pytest.fixture
def seed(seeds_dir):
    """Path to a seed article by its number, e.g. seed("003")."""

    def find(number: str) -> Path:
        return next(seeds_dir.glob(f"{number}_*.txt"))

    return find


@pytest.fixture
def write_source(tmp_path):
    """Write a source file and return its path."""

    def write(text: str | bytes, name: str = "article.txt") -> Path:
        path = tmp_path / name
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
        return path

    return write


@pytest.fixture
def make_admin_user(django_user_model):
    """Make a user who may log in to the admin, with the given page
    permissions ("add_page", "change_page", ...) on `page` and below, or
    none at all."""
    from django.contrib.auth.models import Group, Permission
    from wagtail.models import GroupPagePermission

    def make(username: str, page=None, *codenames: str):
        group = Group.objects.create(name=f"{username}s")
        group.permissions.add(Permission.objects.get(codename="access_admin"))
        for codename in codenames:
            GroupPagePermission.objects.create(
                group=group,
                page=page,
                permission=Permission.objects.get(codename=codename),
            )
        user = django_user_model.objects.create_user(username, password="pw")
        user.groups.add(group)
        return user

    return make
