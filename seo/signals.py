"""Signals the audit sends that model signals do not cover."""

from django.dispatch import Signal

# Stored audits were written in bulk (bulk_create sends no post_save): anything
# showing their scores, such as cached API responses, is out of date.
# Sent with `page_ids`, the pages whose audits changed.
audits_saved = Signal()
