"""Supervision of rated enterprises (§6): annual sampling, revocation, false materials."""
