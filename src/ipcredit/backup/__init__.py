"""Backup and restore (issue 8): a consistent, verified, portable copy of the database and
its files — SQLite and PostgreSQL, restorable from one to the other. Keys are not included."""
