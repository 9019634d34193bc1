"""Rich text links to pages, for server-rendered pages (templates, previews).

Wagtail's own page link handler links any page, drafts and private pages
included, so a published article linking to a draft would reveal the draft's
address to every reader. This handler keeps the link text and drops the
address of a page readers cannot see, as the API does.
"""

from wagtail.models import Page
from wagtail.rich_text.pages import PageLinkHandler

from articles.api.visibility import exclude_scheduled


class PublicPageLinkHandler(PageLinkHandler):
    @classmethod
    def get_many(cls, attrs_list: list[dict]) -> list[Page | None]:
        ids = [str(attrs.get("id")) for attrs in attrs_list]
        visible = (
            exclude_scheduled(Page.objects.live().public().filter(id__in=ids))
            .defer_streamfields()
            .specific()
        )
        by_id = {str(page.id): page for page in visible}
        return [by_id.get(page_id) for page_id in ids]
