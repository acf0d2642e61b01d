"""Accounts, roles and sessions (SPEC §5): argon2 passwords, lockout, declarative permissions."""
