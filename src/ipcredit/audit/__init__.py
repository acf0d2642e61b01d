"""Audit slice: an append-only, hash-chained log of every change and every read of confidential data."""
