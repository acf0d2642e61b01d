"""Batch scoring (批量评价): many enterprises at once, compiled from the same model file.

`compile` turns a `ipcredit.standard.model.Model` into SQL expressions (indicators,
dimension scores, total, grade, behaviour adjustments); `raw` mirrors the facts derivation
(`ipcredit.facts.derive`) in SQL; `duck` and `spark` run the compiled query.
"""
