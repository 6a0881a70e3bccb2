"""Widgets of the briefs app, one per module."""
