"""Model snapshots: keep the bundled model file a scoring used, rebuild it for reproduction."""

from __future__ import annotations

import hashlib

from ipcredit.cases.models import ModelSnapshot
from ipcredit.domain_errors import RuleViolation
from ipcredit.standard.model import MODELS_DIR, Model, build_model
from ipcredit.yamlio import loads


def remember_model(session, model: Model) -> None:
    """Store the file of the bundled ``model`` once per content hash."""
    if session.get(ModelSnapshot, model.content_hash) is not None:
        return
    content = (MODELS_DIR / model.id / "model.yaml").read_bytes()
    if "sha256:" + hashlib.sha256(content).hexdigest() != model.content_hash:
        raise RuleViolation(f"模型文件与已加载的模型 {model.id} 不一致 (model file changed while running)")
    session.add(ModelSnapshot(content_hash=model.content_hash, model_id=model.id, model_version=model.version,
                              content=content.decode("utf-8")))
    session.flush()


def model_from_snapshot(session, content_hash: str) -> Model | None:
    """The model with ``content_hash`` rebuilt from its stored file (None when not stored);
    refuses a snapshot whose content no longer matches its hash."""
    snap = session.get(ModelSnapshot, content_hash)
    if snap is None:
        return None
    content = snap.content.encode("utf-8")
    model = build_model(loads(snap.content, f"model snapshot {content_hash}"), f"model snapshot {content_hash}", content)
    if model.content_hash != content_hash:
        raise RuleViolation(f"模型快照 {content_hash} 校验和不符 (model snapshot altered)")
    return model
