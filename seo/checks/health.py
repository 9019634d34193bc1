"""Checks: health."""
