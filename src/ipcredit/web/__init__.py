"""The web application (FastAPI + Jinja2/HTMX): JSON API, enterprise portal, agency workspace."""
