"""De-identified export of evaluation results for analysis and statistics."""
