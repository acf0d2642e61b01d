"""``ipcredit serve``: run the web application with uvicorn (127.0.0.1 by default)."""

from __future__ import annotations

from typing import Annotated

import typer


def serve(
    host: Annotated[str, typer.Option("--host", help="监听地址 / address to bind")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=1, max=65535, help="端口 / port")] = 8000,
    workers: Annotated[int, typer.Option("--workers", min=1, max=64,
                                         help="工作进程数（每核一个为宜）/ worker processes")] = 1,
    access_log: Annotated[bool, typer.Option("--access-log/--no-access-log",
                                             help="逐条记录请求 / log every request")] = True,
) -> None:
    """启动网页应用 / Start the web application (FastAPI + uvicorn)."""
    import uvicorn

    from ipcredit.web.db_access import check_database_keys

    check_database_keys()  # a missing or wrong data key is a start-up error, not a failing first request
    typer.echo(f"ipcredit 网页应用: http://{host}:{port}/  (Ctrl+C 停止 / to stop)"
               + (f"，{workers} 个工作进程 (workers)" if workers > 1 else ""))
    if workers > 1:   # each worker process builds its own app (and engine) from the environment
        uvicorn.run("ipcredit.web.app:create_app", factory=True, host=host, port=port, workers=workers,
                    log_level="info", access_log=access_log)
        return
    from ipcredit.web.app import create_app

    uvicorn.run(create_app(), host=host, port=port, log_level="info", access_log=access_log)


def register(app: typer.Typer) -> None:
    app.command("serve")(serve)
