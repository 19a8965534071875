"""Below every stage: what all packages may use (the test kill points)."""
