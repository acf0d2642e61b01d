"""The pure scoring engine of T/CFIE 002—2023 (no web, database or batch imports)."""

from ipcredit.standard.engine import Evaluation, evaluate
from ipcredit.standard.facts import Facts, parse_facts
from ipcredit.standard.model import Model, bundled_model, load_model

__all__ = ["Evaluation", "Facts", "Model", "bundled_model", "evaluate", "load_model", "parse_facts"]
