"""Checks: headings."""
