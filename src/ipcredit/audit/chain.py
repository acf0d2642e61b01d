"""The hash chain, pure: canonical form, entry hash, and the walk that finds the first
broken entry (edited, deleted / gap, reordered)."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any, Iterable

GENESIS = "0" * 64
FIELDS = ("seq", "at", "actor", "role", "action", "object_type", "object_id", "case_id", "summary", "source",
          "prev_hash")


def canonical(entry: dict[str, Any]) -> bytes:
    return json.dumps({k: entry[k] for k in FIELDS}, ensure_ascii=False, sort_keys=True,
                      separators=(",", ":")).encode("utf-8")


def entry_hash(entry: dict[str, Any]) -> str:
    return hashlib.sha256(canonical(entry)).hexdigest()


def link(entries: list[dict[str, Any]], head_seq: int, head_hash: str) -> tuple[int, str]:
    """Number and chain ``entries`` after the head; returns the new head."""
    for entry in entries:
        head_seq += 1
        entry.update(seq=head_seq, prev_hash=head_hash)
        entry["hash"] = head_hash = entry_hash(entry)
    return head_seq, head_hash


@dataclass(frozen=True)
class Verdict:
    ok: bool
    count: int
    head: str
    broken_seq: int | None = None
    problem: str = ""


def verify(entries: Iterable[dict[str, Any]], head: tuple[int, str] | None) -> Verdict:
    """Walk the entries in ``seq`` order; the first inconsistency is named."""
    prev_seq, prev_hash, by_hash, count = 0, GENESIS, {GENESIS: 0}, 0
    for e in entries:
        count += 1
        problem = _problem(e, prev_seq, prev_hash, by_hash)
        if problem:
            return Verdict(False, count - 1, prev_hash, e["seq"], problem)
        prev_seq, prev_hash = e["seq"], e["hash"]
        by_hash[e["hash"]] = e["seq"]
    if head is not None and (head[0] != prev_seq or head[1] != prev_hash):
        return Verdict(False, count, prev_hash, prev_seq + 1,
                       f"链尾被删除：链头记录为第 {head[0]} 条，实际最后一条为第 {prev_seq} 条 "
                       f"(entries after #{prev_seq} deleted: head says #{head[0]})")
    return Verdict(True, count, prev_hash)


def _written_as(e: dict[str, Any]) -> int | None:
    """The sequence number under which this entry's hash was computed, when not its own."""
    for d in range(1, 33):
        for seq in (e["seq"] - d, e["seq"] + d):
            if seq > 0 and entry_hash({**e, "seq": seq}) == e["hash"]:
                return seq
    return None


def _problem(e: dict[str, Any], prev_seq: int, prev_hash: str, by_hash: dict[str, int]) -> str:
    seq = e["seq"]
    if entry_hash(e) != e["hash"]:
        moved = _written_as(e)
        if moved is not None:
            return f"顺序被调换：本条原为第 {moved} 条 (reordered: entry was written as #{moved})"
        return "内容被修改：散列值与内容不符 (edited: hash does not match the content)"
    if seq > prev_seq + 1:
        return (f"记录被删除：缺少第 {prev_seq + 1}–{seq - 1} 条 "
                f"(deleted: entries #{prev_seq + 1}..#{seq - 1} missing)")
    if e["prev_hash"] != prev_hash:
        if e["prev_hash"] in by_hash:
            return (f"顺序被调换：本条接在第 {by_hash[e['prev_hash']]} 条之后 "
                    f"(reordered: entry follows #{by_hash[e['prev_hash']]})")
        return "链接断开：前一条被删除或替换 (deleted or replaced: previous hash does not match)"
    return ""
