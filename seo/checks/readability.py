"""Checks: readability."""
