"""``ipcredit serve``: run the web application with uvicorn (127.0.0.1 by default)."""

from __future__ import annotations

from typing import Annotated

import typer


def serve(
    host: Annotated[str, typer.Option("--host", help="监听地址 / address to bind")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=1, max=65535, help="端口 / port")] = 8000,
) -> None:
    """启动网页应用 / Start the web application (FastAPI + uvicorn)."""
    import uvicorn

    from ipcredit.web.app import create_app
    from ipcredit.web.db_access import check_database_keys

    check_database_keys()  # a missing or wrong data key is a start-up error, not a failing first request
    typer.echo(f"ipcredit 网页应用: http://{host}:{port}/  (Ctrl+C 停止 / to stop)")
    uvicorn.run(create_app(), host=host, port=port, log_level="info")


def register(app: typer.Typer) -> None:
    app.command("serve")(serve)
