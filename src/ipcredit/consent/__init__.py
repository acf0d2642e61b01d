"""Consent and disclosure (SPEC §5): an enterprise's recorded, time-limited, revocable consent
to disclose its report details to a third party, API clients of report users (banks), and
the log of every disclosure."""
