"""Evaluation reports and certificates (§5.4): view model, PDF/DOCX/HTML, verification."""
