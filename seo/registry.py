"""The registry of checks. seo.checks names the modules that fill it; they are
imported on the first read, so commands that never audit (`check`, `migrate`)
don't pay for textstat and the check modules."""

from __future__ import annotations

import importlib
import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from seo.checks.base import Check

CHECK_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


class UnknownCheck(LookupError):
    pass


class Registry:
    def __init__(self) -> None:
        self._registered: dict[str, type[Check]] = {}
        self._modules: list[str] = []
        self._loaded = True

    def load(self, modules: Iterable[str]) -> None:
        """Modules whose import registers checks, imported on the first read."""
        self._modules.extend(modules)
        self._loaded = False

    @property
    def _checks(self) -> dict[str, type[Check]]:
        if not self._loaded:
            self._loaded = True
            for name in self._modules:
                importlib.import_module(name)
            # A module imported earlier by other code registered its checks
            # then; checks run and are listed in the named modules' order.
            position = {name: index for index, name in enumerate(self._modules)}
            self._registered = dict(
                sorted(
                    self._registered.items(),
                    key=lambda item: position.get(item[1].__module__, len(position)),
                )
            )
        return self._registered

    def register(self, check: type[Check]) -> type[Check]:
        """Class decorator. Ids are stable public names, so they are validated."""
        if not CHECK_ID.match(check.id):
            raise ValueError(f"check id {check.id!r} is not kebab-case")
        if check.id in self._registered:
            raise ValueError(f"check id {check.id!r} is registered twice")
        for attribute in ("title", "help_text", "category"):
            if not getattr(check, attribute, None):
                raise ValueError(f"check {check.id!r} has no {attribute}")
        self._registered[check.id] = check
        return check

    def all(self) -> list[type[Check]]:
        return list(self._checks.values())

    def get(self, check_id: str) -> type[Check]:
        try:
            return self._checks[check_id]
        except KeyError:
            raise UnknownCheck(check_id) from None

    @property
    def tags(self) -> set[str]:
        return {tag for check in self._checks.values() for tag in check.tags}

    def select(
        self, ids: Iterable[str] = (), tags: Iterable[str] = ()
    ) -> list[type[Check]]:
        """Checks by id and/or tag (either matches); all of them when neither is
        given. Unknown ids or tags raise UnknownCheck, naming them."""
        ids, tags = list(ids), list(tags)
        unknown = [i for i in ids if i not in self._checks]
        unknown += [f"tag:{t}" for t in tags if t not in self.tags]
        if unknown:
            raise UnknownCheck(", ".join(unknown))
        if not ids and not tags:
            return self.all()
        return [
            check
            for check in self._checks.values()
            if check.id in ids or check.tags & set(tags)
        ]


registry = Registry()
register = registry.register
