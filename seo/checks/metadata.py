"""Checks: metadata."""
