"""Archive and retention (§5.3.10)."""
