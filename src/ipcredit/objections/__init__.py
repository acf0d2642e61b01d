"""Objections (异议, §5.3.9): information objections and result objections."""
