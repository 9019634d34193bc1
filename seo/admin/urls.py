"""The SEO panel's endpoints, mounted under the admin by
`register_admin_urls` (so every one requires an admin login)."""

from django.urls import path

from . import views

app_name = "seo_panel"

CREATE = (
    "add/<slug:content_type_app_name>/<slug:content_type_model_name>/"
    "<int:parent_page_id>/"
)

urlpatterns = [
    path("<int:page_id>/", views.LiveAuditOnEdit.as_view(), name="edit"),
    path("<int:page_id>/fix/", views.FixOnEdit.as_view(), name="fix_edit"),
    path(CREATE, views.LiveAuditOnCreate.as_view(), name="create"),
    path(f"{CREATE}fix/", views.FixOnCreate.as_view(), name="fix_create"),
    path("hashtag/", views.hashtag_suggestion, name="hashtag"),
]
