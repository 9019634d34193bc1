"""Checks: content."""
