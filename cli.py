"""Placeholder replaced by the CLI module."""
