"""Checks: hashtags."""
