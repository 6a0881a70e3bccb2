"""briefs package."""
