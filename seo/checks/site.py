"""Checks: site."""
