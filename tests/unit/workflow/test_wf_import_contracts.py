"""The import-linter contracts of pyproject.toml hold (domain rules import no database code)."""

import subprocess
import sys
from pathlib import Path


def test_import_contracts_are_kept(root):
    exe = Path(sys.executable).parent / "lint-imports"
    result = subprocess.run([str(exe), "--no-cache"], cwd=root, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Workflow domain rules are pure" in result.stdout and "broken" in result.stdout
