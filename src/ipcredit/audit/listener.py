"""Every change through the ORM is audited, generically: ``before_flush`` notes which columns
of which objects change, ``after_flush`` turns inserts, updates and deletes into entries,
and ``before_commit`` appends them to the chain in the same transaction — last, so the head
lock is held only for the commit and is always the last lock a transaction takes."""

from __future__ import annotations

from typing import Any

from sqlalchemy import event, inspect
from sqlalchemy.orm import Session, attributes

from ipcredit.audit import store
from ipcredit.audit.context import current_actor

PENDING, CHANGED = "audit_pending", "audit_changed"


def install(factory) -> None:
    event.listen(factory, "before_flush", _before_flush)
    event.listen(factory, "after_flush", _after_flush)
    event.listen(factory, "before_commit", _before_commit)
    event.listen(factory, "after_soft_rollback", _forget)
    event.listen(factory, "do_orm_execute", _bulk_statement)


def pending(session: Session) -> list[dict[str, Any]]:
    return session.info.setdefault(PENDING, [])


def entry(action: str, object_type: str, object_id: str, summary: str, case_id: int | None = None) -> dict[str, Any]:
    who = current_actor()
    return {"at": store.now_iso(), "actor": who.name[:200], "role": who.role[:40], "action": action,
            "object_type": object_type, "object_id": object_id[:200], "case_id": case_id,
            "summary": summary, "source": (who.source or "")[:100] or None}


def _changed_columns(obj: Any) -> list[str]:
    mapper = inspect(obj).mapper
    return [p.key for p in mapper.column_attrs if attributes.get_history(obj, p.key).has_changes()]


def _before_flush(session: Session, _ctx, _instances) -> None:
    changed = session.info.setdefault(CHANGED, {})
    for obj in session.dirty:
        cols = _changed_columns(obj)
        if cols:
            changed[id(obj)] = cols


def _case_id(obj: Any) -> int | None:
    """The case an object belongs to (for ``audit show --case``): its own ``case_id``, or its
    parent's for children such as a fact's evidence link and a panel's votes."""
    state = inspect(obj)
    if state.mapper.local_table.name == "eval_case":
        return obj.id
    value = getattr(obj, "case_id", None)
    if isinstance(value, int):
        return value
    for attr, parent in (("fact_id", "CaseFact"), ("panel_id", "Panel")):
        pid = getattr(obj, attr, None)
        if isinstance(pid, int) and state.session is not None:
            for other in state.session.identity_map.values():
                if type(other).__name__ == parent and other.id == pid:
                    return other.case_id
    return None


def _describe(obj: Any, verb: str, cols: list[str]) -> dict[str, Any]:
    state = inspect(obj)
    table = state.mapper.local_table.name
    ident = ",".join(str(v) for v in (state.identity or state.mapper.primary_key_from_instance(obj)))
    summary = f"{verb} {table}" + (f"；列 (columns): {', '.join(cols)}" if cols else "")
    return entry(f"{verb}", table, ident, summary, _case_id(obj))


def _after_flush(session: Session, _ctx) -> None:
    changed = session.info.pop(CHANGED, {})
    out = pending(session)
    for obj in session.new:
        out.append(_describe(obj, "create", []))
    for obj in session.dirty:
        cols = changed.get(id(obj))
        if cols:
            out.append(_describe(obj, "update", cols))
    for obj in session.deleted:
        out.append(_describe(obj, "delete", []))


def _bulk_statement(state) -> None:
    """UPDATE / DELETE statements run through the session bypass the flush: logged here."""
    if state.is_update or state.is_delete:
        verb = "update" if state.is_update else "delete"
        table = state.statement.table.name
        pending(state.session).append(entry(verb, table, "*", f"{verb} {table}（批量语句 bulk statement）"))


def _before_commit(session: Session) -> None:
    session.flush()
    entries = session.info.pop(PENDING, [])
    if entries:
        store.append(session.connection(), entries)


def _forget(session: Session, previous) -> None:
    """The transaction's entries go with it (a savepoint's rollback keeps the outer ones)."""
    if previous.parent is not None:
        return
    session.info.pop(PENDING, None)
    session.info.pop(CHANGED, None)
