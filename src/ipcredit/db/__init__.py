"""Storage: settings, engine, unit of work and Alembic migrations (SQLite or PostgreSQL)."""
