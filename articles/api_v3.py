"""Writing articles through Wagtail 8's v3 API.

Wagtail's v3 API creates, updates and publishes pages through the page's own
admin form, but it types a StreamField as `list[Any]` and reports a block's
errors as one "Validation error in StreamBlock" against `body`. This module
adds what it lacks for `ArticlePage`: an input schema for `body` generated from
the block definitions in `articles.blocks` (so the OpenAPI document describes
the block contract, and a wrong type is named where it is), and a second pass
through the same blocks' own `clean()`, whose errors name the block (its index,
type and id) and the field inside it. Everything else (the form, the revision,
publishing, permissions) stays Wagtail's.

The schemas replace Wagtail's generated ones for ArticlePage in its content
type registry, from `ArticlesConfig.ready()`: before any router module builds
its request schemas from that registry.
"""

from __future__ import annotations

import contextlib
import datetime
import json
import re
from collections.abc import Callable, Iterator
from functools import wraps
from typing import Annotated, Any, Literal, Union

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import (
    ObjectDoesNotExist,
    RequestDataTooBig,
    SuspiciousOperation,
    ValidationError,
)
from django.db import DatabaseError, IntegrityError, transaction
from django.db.transaction import TransactionManagementError
from django.forms.utils import ErrorList
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from pydantic import (
    AfterValidator,
    ConfigDict,
    Discriminator,
    Field,
    PlainSerializer,
    Tag,
    create_model,
)
from pydantic import ValidationError as PydanticValidationError
from pydantic_core import InitErrorDetails, PydanticCustomError
from wagtail import blocks
from wagtail.api.v3.errors import problem_response
from wagtail.api.v3.registry import ContentTypeRegistration, registry
from wagtail.api.v3.schemas import create_generator, patch_generator
from wagtail.api.v3.schemas.pages import (
    BASE_PAGE_FIELDS,
    PageCreateBaseSchema,
    PageUpdateBaseSchema,
)
from wagtail.blocks.list_block import ListBlockValidationError
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.coreutils import find_available_slug
from wagtail.images.blocks import ImageChooserBlock
from wagtail.models import Page, Site

from .blocks import contract_data
from .limits import MAX_BLOCKS
from .models import ArticlePage, clean_hashtag
from .unencodable import (
    printable,
    unencodable,
    unencodable_error,
    unencodable_text_errors,
)

# ArticlePage fields a pipeline may write besides Wagtail's title, slug,
# seo_title, search_description and show_in_menus. source_file is left out: it
# is the importer's key for re-imports (articles.importing.store).
PLAIN_FIELDS = (
    "intro",
    "focus_keyphrase",
    "canonical_url",
    "noindex",
    "cornerstone",
    "target_grade",
    "last_reviewed",
    "source_url",
)


# --- the block contract as a pydantic schema --------------------------------


def _leaf_type(block: blocks.Block) -> Any:
    """The JSON type of a field block's value, as the contract stores it."""
    if isinstance(block, blocks.BooleanBlock):
        return bool
    if isinstance(block, blocks.ChoiceBlock):
        values = tuple(
            value for value, _label in block.field.choices if value not in ("", None)
        )
        return Literal[values]  # type: ignore[valid-type]
    if isinstance(block, blocks.DateBlock):
        return datetime.date
    if isinstance(block, ImageChooserBlock):
        return int
    if isinstance(block, blocks.CharBlock) and block.field.max_length:
        return Annotated[str, Field(max_length=block.field.max_length)]
    if isinstance(block, blocks.FieldBlock):
        return str
    return Any


def _value_type(block: blocks.Block, name: str) -> Any:
    if isinstance(block, blocks.StructBlock):
        fields: dict[str, Any] = {}
        for child_name, child in block.child_blocks.items():
            annotation = _value_type(child, f"{name}_{child_name}")
            # A list that needs items has no sensible default: its default
            # would be an item of empty (None) values.
            required = (
                getattr(child, "required", False)
                and not isinstance(child, blocks.BooleanBlock)
            ) or (isinstance(child, blocks.ListBlock) and bool(child.meta.min_num))
            if required:
                fields[child_name] = (annotation, Field(description=_help(child)))
            else:
                # null is accepted (API v2 serves an empty date or image as
                # null, and a body read there must be writable back here) and,
                # like a missing value, stored as the block stores it empty.
                fields[child_name] = (
                    Annotated[
                        annotation | None,
                        AfterValidator(
                            lambda value, child=child: (
                                _empty_value(child) if value is None else value
                            )
                        ),
                    ],
                    Field(
                        default_factory=lambda child=child: _empty_value(child),
                        description=_help(child),
                    ),
                )
        return create_model(
            f"{_camel(name)}Value",
            __config__=ConfigDict(extra="forbid"),
            **fields,
        )
    if isinstance(block, blocks.ListBlock):
        return list[_value_type(block.child_block, f"{name}_item")]  # type: ignore[misc]
    return _leaf_type(block)


def _empty_value(block: blocks.Block) -> Any:
    """What an optional block stores when left empty: "" for text, None for a
    date or an image, its default for a struct or a list."""
    value = block.get_default()
    # A struct whose own required children are empty keeps its default.
    with contextlib.suppress(ValidationError):
        value = block.clean(value)
    return contract_data(block.get_prep_value(value))


def _help(block: blocks.Block) -> str | None:
    meta = block.meta
    text = getattr(meta, "help_text", None) or getattr(meta, "description", None)
    return str(text) if text else None


def _camel(name: str) -> str:
    return "".join(part.capitalize() for part in name.split("_"))


def _block_item_schema(name: str, block: blocks.Block) -> Any:
    """One body item, {"type": name, "value": ..., "id": ...}, cleaned by the
    block itself once its shape is right."""
    model = create_model(
        f"Article{_camel(name)}BlockInput",
        __config__=ConfigDict(
            extra="forbid",
            json_schema_extra={"description": _help(block) or ""},
        ),
        type=(Literal[name], ...),  # type: ignore[valid-type]
        value=(_value_type(block, f"article_{name}"), ...),
        id=(
            str | None,
            Field(None, description="The block's id; kept on update."),
        ),
    )
    return Annotated[model, AfterValidator(_clean_with(block)), Tag(name)]


def _clean_with(block: blocks.Block):
    def clean(item: Any) -> Any:
        value = item.model_dump(mode="json")["value"]
        try:
            block.clean(block.to_python(value))
        except ValidationError as error:
            raise _block_errors(item.type, item.id, error) from None
        return item

    return clean


def _block_errors(
    block_type: str, block_id: str | None, error: ValidationError
) -> PydanticValidationError:
    """One error per message, located at the field inside the block. Pydantic
    prefixes the locations with where the block is: body, its index, its type."""
    details = []
    for path, message in _messages(error, ()):
        field = ".".join(str(part) for part in path)
        context = {"block_type": block_type, "block_id": block_id, "field": field}
        text = f"{block_type} block: {field}: {message}" if field else message
        details.append(
            InitErrorDetails(
                type=PydanticCustomError("block_invalid", text, context),
                loc=("value", *path),
                input=None,
            )
        )
    return PydanticValidationError.from_exception_data(
        "Block validation", details, hide_input=True
    )


def _messages(
    error: ValidationError | ErrorList, path: tuple[str | int, ...]
) -> Iterator[tuple[tuple[str | int, ...], str]]:
    """Walk Wagtail's nested block errors down to each message and its path."""
    if isinstance(error, ErrorList):
        for item in error.as_data():
            yield from _messages(item, path)
    elif isinstance(error, StructBlockValidationError | ListBlockValidationError):
        for item in error.non_block_errors.as_data():
            yield from _messages(item, path)
        for key, child_error in error.block_errors.items():
            yield from _messages(child_error, (*path, key))
    else:
        for message in error.messages:
            yield path, message


def _block_type(item: Any) -> str | None:
    if isinstance(item, dict):
        block_type = item.get("type")
        return block_type if isinstance(block_type, str) else None
    return getattr(item, "type", None)


def body_schema(stream_block: blocks.StreamBlock) -> Any:
    """A body: a list of blocks, each typed by its "type"."""
    members = tuple(
        _block_item_schema(name, child)
        for name, child in stream_block.child_blocks.items()
    )
    item = Annotated[Union[members], Discriminator(_block_type)]  # noqa: UP007
    return Annotated[list[item], Field(max_length=MAX_BLOCKS)]  # type: ignore[valid-type]


ArticleBody = body_schema(ArticlePage._meta.get_field("body").stream_block)


# --- the other fields --------------------------------------------------------


def _hashtag(name: str) -> str:
    try:
        return clean_hashtag(name)
    except ValidationError as error:
        raise PydanticCustomError("hashtag_invalid", error.messages[0]) from None


def _comma_joined(values: list[str]) -> str:
    return ", ".join(value.strip() for value in values if value.strip())


Hashtags = Annotated[
    list[Annotated[str, Field(max_length=100), AfterValidator(_hashtag)]],
    Field(description="Without '#': letters, digits and underscores."),
]
# The read side (API v2 and v3) serves synonyms as a list; the page stores them
# comma-separated, which is what the form Wagtail binds from this receives.
Synonyms = Annotated[
    list[Annotated[str, Field(max_length=100)]],
    PlainSerializer(_comma_joined, return_type=str),
]

ARTICLE_FIELDS: dict[str, tuple[Any, Any]] = {
    "body": (ArticleBody, Field(default_factory=list)),
    "hashtags": (Hashtags, Field(default_factory=list)),
    "keyphrase_synonyms": (Synonyms, Field(default_factory=list)),
    "reviewer": (
        int | None,
        Field(None, description="A MedicalReviewer snippet's id."),
    ),
    "social_image": (
        int | None,
        Field(None, description="An image's id; at least 1200x630."),
    ),
}


def _article_schema(generator, base_class, name: str, **options: Any) -> type:
    generated = generator.generate_schema(
        ArticlePage,
        base_class=base_class,
        fields=[*BASE_PAGE_FIELDS, *PLAIN_FIELDS],
        **options,
    )
    # On a partial update the defaults are never used: Wagtail only writes the
    # fields a request sets.
    return create_model(name, __base__=generated, **ARTICLE_FIELDS)


def _json_body_is_object(request: HttpRequest) -> bool:
    if request.content_type != "application/json":
        return True
    try:
        return isinstance(json.loads(request.body or b"{}"), dict)
    except ValueError:
        return True


# --- hostile input, refused before Wagtail's views run ------------------------

# The databases' integer range (PostgreSQL bigint, SQLite INTEGER). Django
# writes a listing's offset and limit into the SQL as literals: past this,
# SQLite reads a float ("datatype mismatch") and PostgreSQL refuses it ("bigint
# out of range"), both as a 500.
MAX_SQL_INTEGER = 2**63 - 1
PAGING_PARAMETERS = ("offset", "limit")
BODY_METHODS = frozenset({"POST", "PUT", "PATCH"})
# What an unstorable string looks like in raw JSON: a surrogate or NUL escape,
# or a time zone offset beyond 15:59 closing a string.
SUSPECT_TEXT = re.compile(rb'\\u(?:[dD][89a-fA-F]|0000)|[+-](?:1[6-9]|2\d):?\d\d"')


def _invalid(errors: list[dict[str, Any]]) -> HttpResponse:
    return problem_response(status=422, detail="Validation failed", errors=errors)


def _query_problem(request: HttpRequest) -> HttpResponse | None:
    errors = []
    for name, values in request.GET.lists():
        for value in values:
            problem = unencodable(value) or unencodable(name)
            if problem:
                loc = ["query", printable(name).replace("\x00", "\\x00")]
                errors.append(unencodable_error(loc, problem))
        if name in PAGING_PARAMETERS:
            try:
                number = int(values[-1])
            except ValueError:
                continue  # not a number: Ninja's own validation names it
            if number > MAX_SQL_INTEGER:
                errors.append(
                    {
                        "type": "less_than_equal",
                        "loc": ["query", name],
                        "msg": f"Input should be less than or equal to "
                        f"{MAX_SQL_INTEGER}",
                        "ctx": {"le": MAX_SQL_INTEGER},
                    }
                )
    return _invalid(errors) if errors else None


def _path_problem(kwargs: dict[str, Any]) -> HttpResponse | None:
    """An id in the path that is not a whole number, in the words of Ninja's
    own validation. Ninja validates path ids, but Wagtail reads a page's type
    from its id before that on a page update (schemas.pages.get_meta_type)."""
    errors = [
        {
            "type": "int_parsing",
            "loc": ["path", name],
            "msg": "Input should be a valid integer, unable to parse string as "
            "an integer",
            "input": printable(value),
        }
        for name, value in kwargs.items()
        if name.endswith("_id")
        and isinstance(value, str)
        and not (value.isascii() and value.isdigit())
    ]
    return _invalid(errors) if errors else None


def _body_problem(request: HttpRequest) -> HttpResponse | None:
    if request.method not in BODY_METHODS or request.content_type != (
        "application/json"
    ):
        return None
    try:
        data = json.loads(request.body or b"null")
    except RequestDataTooBig:
        return None  # Ninja reads the body again: the 413 handler answers
    except RecursionError:
        return problem_response(status=400, detail="The JSON body nests too deeply.")
    except ValueError:
        return None  # Ninja answers 400 with the parser's message
    # Raw UTF-8 cannot carry a surrogate or a NUL past the parser: only a
    # backslash-u escape can, so most bodies are not walked at all.
    if not SUSPECT_TEXT.search(request.body):
        return None
    errors = unencodable_text_errors(data)
    return _invalid(errors) if errors else None


def refuse_hostile_input(view: Callable[..., HttpResponse]) -> Callable:
    """A v3 request whose text cannot be stored, or whose paging is outside the
    database's range, gets a 422 naming each parameter or field, before Ninja
    validates it (a validation message that quotes a lone surrogate cannot be
    written as JSON either) and before anything is saved."""

    @wraps(view)
    def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        problem = (
            _path_problem(kwargs) or _query_problem(request) or _body_problem(request)
        )
        return problem or view(request, *args, **kwargs)

    return guarded


# The page actions whose destination Wagtail 8.0 dereferences unchecked: the
# root page has no parent (copy or alias it without a destination) and no
# siblings (move a page beside it), so each fails with an AttributeError (500).
COPY_ACTIONS = frozenset({"pages_actions_copy", "pages_actions_create_alias"})
# The actions that write a new place in the page tree.
TREE_ACTIONS = COPY_ACTIONS | {"pages_actions_move"}
SIBLING_POSITIONS = frozenset({None, "left", "right", "first-sibling", "last-sibling"})


def _destination_error(message: str) -> PydanticValidationError:
    return PydanticValidationError.from_exception_data(
        "Page action",
        [
            InitErrorDetails(
                type=PydanticCustomError("destination_invalid", message),
                loc=("body", "data", "destination_id"),
                input=None,
            )
        ],
        hide_input=True,
    )


def check_page_destination(action: str, page_id: int, data: Any) -> None:
    """Raise a 422 for a copy, alias or move with no place to go."""
    page = Page.objects.filter(pk=page_id).only("depth").first()
    if page is None:
        return  # Wagtail's view answers 404
    destination_id = getattr(data, "destination_id", None)
    if action in COPY_ACTIONS:
        if destination_id is None and page.depth == 1:
            raise _destination_error(
                "The root page has no parent to copy it under: give a destination_id."
            )
    elif action == "pages_actions_move":
        if page.depth == 1:
            raise _destination_error("The root page cannot be moved.")
        if destination_id == page.pk:
            raise _destination_error("A page cannot be moved beside or into itself.")
        position = getattr(data, "position", None)
        if (
            position in SIBLING_POSITIONS
            and Page.objects.filter(pk=destination_id, depth=1).exists()
        ):
            raise _destination_error(
                "The root page can have no siblings: move the page under it "
                "(position first-child or last-child)."
            )


def _field_error(loc: tuple, kind: str, message: str) -> PydanticValidationError:
    return PydanticValidationError.from_exception_data(
        "Request",
        [
            InitErrorDetails(
                type=PydanticCustomError(kind, message),
                loc=loc,
                input=None,
            )
        ],
        hide_input=True,
    )


def check_copy_fits(action: str, page_id: int, data: Any) -> None:
    """Raise a 422 for a copy or alias whose slug or title would not fit its
    column: PostgreSQL refuses the INSERT (a 500), SQLite would store it. With no
    slug given, Wagtail appends "-2" (or more) to a slug that may already be at
    the limit."""
    page = Page.objects.filter(pk=page_id).only("slug", "path", "depth").first()
    if page is None:
        return  # Wagtail's view answers 404
    slug = getattr(data, "slug", None)
    if not slug:
        destination_id = getattr(data, "destination_id", None)
        if destination_id is None:
            parent = page.get_parent()
        else:
            parent = Page.objects.filter(pk=destination_id).first()
        if parent is None:
            return  # Wagtail's view answers 404
        slug = find_available_slug(parent, page.slug)
    fields = {"slug": slug, "title": getattr(data, "title", None)}
    for name, value in fields.items():
        limit = Page._meta.get_field(name).max_length
        if value and len(value) > limit:
            raise _field_error(
                ("body", "data", name),
                "string_too_long",
                f"The new page's {name} would be {len(value)} characters, over "
                f"the limit of {limit}: give a shorter {name}.",
            )


def check_publishable(page_id: int) -> None:
    """Raise a 422 for publishing an alias: Wagtail keeps no revisions of an
    alias (it follows its original), and save_revision() raises (a 500)."""
    alias = Page.objects.filter(pk=page_id, alias_of__isnull=False).first()
    if alias is not None:
        raise _field_error(
            ("path", "page_id"),
            "page_is_alias",
            f"Page {page_id} is an alias of page {alias.alias_of_id}: publish the "
            "original, or convert the alias to a page first (actions/convert_alias/).",
        )


def check_revision_user(filters: Any) -> None:
    """Raise a 422 for a revisions filter by a user id the user model's primary
    key cannot hold ("abc"): Wagtail accepts any string and the database lookup
    raises ValueError (a 500)."""
    user_id = getattr(filters, "user_id", None)
    if user_id is None:
        return
    try:
        get_user_model()._meta.pk.to_python(user_id)
    except ValidationError as error:
        raise _field_error(
            ("query", "user_id"), "user_id_invalid", " ".join(error.messages)
        ) from error


# PostgreSQL's "deadlock detected": one of two transactions is cancelled.
DEADLOCK_SQLSTATE = "40P01"


def concurrent_conflict(error: DatabaseError) -> bool:
    """Whether a tree action failed on another request's change at the same
    time: the tree path taken meanwhile (IntegrityError), a deadlock, or a
    statement that failed that way inside the action and was swallowed (the
    immediate task backend keeps a search-index task's error to itself), after
    which the transaction refuses every query (TransactionManagementError)."""
    if isinstance(error, IntegrityError | TransactionManagementError):
        return True
    return getattr(error.__cause__, "sqlstate", None) == DEADLOCK_SQLSTATE


def check_site_filter(site: str | None) -> None:
    """Raise a 422 for `?site=host:port` whose port is not a whole number:
    Wagtail's SiteFilterValidator hands it to the database (a 500 on `find`)."""
    if site and ":" in site:
        port = site.split(":", 1)[1]
        if not (port.isascii() and port.isdigit()):
            raise _field_error(
                ("query", "site"),
                "site_port_invalid",
                f"The port after the colon in {printable(site)!r} is not a whole "
                "number: give a hostname, or hostname:port.",
            )


def check_root_has_site(request: HttpRequest, filters: Any) -> None:
    """Answer 404 for a page filter relative to "root" when no Site matches the
    request (none is the default): Wagtail dereferences the missing site."""
    names = ("child_of", "descendant_of", "translation_of")
    relative_to_root = any(getattr(filters, name, None) == "root" for name in names)
    if relative_to_root and Site.find_for_request(request) is None:
        raise Http404(
            "No site matches this request's host and there is no default site, "
            'so "root" names no page.'
        )


def refuse_impossible_page_actions(view: Callable[..., Any]) -> Callable:
    """Run the checks above on the validated request of a page action or listing,
    inside Ninja, so their errors are answered as any other validation error."""

    @wraps(view)
    def checked(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        try:
            return run_checked(request, *args, **kwargs)
        except ObjectDoesNotExist:
            # Another request deleted the page (or part of its subtree) while
            # this one worked on it, as two deletes at once do: Wagtail's
            # delete then misses a row it read a moment before.
            page_id = kwargs.get("page_id")
            if page_id is None or Page.objects.filter(pk=page_id).exists():
                raise
            raise Http404(
                f"Page {page_id} was deleted by another request meanwhile."
            ) from None

    def run_checked(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        match = request.resolver_match
        action = match.url_name if match else None
        page_id = kwargs.get("page_id")
        filters = kwargs.get("filters")
        if filters is not None:
            check_root_has_site(request, filters)
        if action == "list_page_revisions":
            check_revision_user(filters)
        if action == "pages_actions_publish":
            check_publishable(page_id)
        check_site_filter(kwargs.get("site"))
        if action in TREE_ACTIONS:
            check_page_destination(action, page_id, kwargs.get("data"))
            if action in COPY_ACTIONS:
                check_copy_fits(action, page_id, kwargs.get("data"))
            # Two copies or moves under one parent at once read the same last
            # child and write the same tree path: the database refuses the
            # second. All or nothing of it is kept, and the client may retry.
            try:
                with transaction.atomic():
                    return view(request, *args, **kwargs)
            except DatabaseError as error:
                if not concurrent_conflict(error):
                    raise
                return problem_response(
                    status=409,
                    detail="Another change to the same pages at the same time "
                    "made the database refuse this one: nothing was changed; "
                    "try again.",
                )
        return view(request, *args, **kwargs)

    return checked


def register_request_error_handlers(api: NinjaAPI) -> None:
    """Answer a request Django refuses to read with problem+json. Wagtail's
    handlers re-raise what they do not know, and Django would send an HTML page
    (a body over DATA_UPLOAD_MAX_MEMORY_SIZE is the case a pipeline meets).
    Also refuse, for every operation, the hostile input that would otherwise
    reach the database or Wagtail's actions and fail there with a 500."""
    api.add_decorator(refuse_hostile_input, mode="view")
    api.add_decorator(refuse_impossible_page_actions, mode="operation")

    @api.exception_handler(RequestDataTooBig)
    def too_big(request: HttpRequest, error: RequestDataTooBig) -> HttpResponse:
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        return problem_response(
            status=413, detail=f"The request body is over the limit of {limit} bytes."
        )

    @api.exception_handler(AttributeError)
    def not_an_object(request: HttpRequest, error: AttributeError) -> HttpResponse:
        # Wagtail 8.0's page-type discriminator (schemas.base.discriminate_meta_type)
        # fails on a JSON body that is not an object ("[null]"), before any
        # validation runs. Anything else is a real bug: let it through.
        if _json_body_is_object(request):
            raise error
        return problem_response(
            status=422, detail="The request body must be a JSON object."
        )

    @api.exception_handler(SuspiciousOperation)
    def refused(request: HttpRequest, error: SuspiciousOperation) -> HttpResponse:
        return problem_response(status=400, detail=str(error))


def register_article_schemas() -> None:
    """Replace Wagtail's generated write schemas for ArticlePage with ours."""
    default = registry.get(ArticlePage._meta.label)
    registry.register(
        ContentTypeRegistration(
            name=ArticlePage._meta.label,
            label=str(ArticlePage._meta.verbose_name),
            read_schema=default.read_schema if default else None,
            create_schema=_article_schema(
                create_generator,
                PageCreateBaseSchema,
                "ArticlePageCreateSchema",
                required_fields=("title",),
            ),
            patch_schema=_article_schema(
                patch_generator, PageUpdateBaseSchema, "ArticlePagePatchSchema"
            ),
        )
    )
