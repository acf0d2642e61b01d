"""Evaluation cases (§5.3): state machine, timeline, facts with evidence, scoring."""
