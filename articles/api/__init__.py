"""The public read API (v2) for articles: the viewset and what it serializes."""
