"""Checks: keyphrase."""
