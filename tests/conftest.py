import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# Encryption at rest is always on: the whole session (and every server a test starts as a
# subprocess, which inherits the environment) uses this fixed test keyring. Fixed, not random,
# so SQLite templates cached between runs stay readable. Tests of the key file unset it.
TEST_KEYRING = (
    '{"format": "ipcredit/keyring-v1", "primary": "ktest0001", '
    '"keys": {"ktest0001": {"key": "dGVzdC1rZXktMDAwMS10ZXN0LWtleS0wMDAxLXRlc3Q=", "created": ""}}, '
    '"pseudonym_primary": "ptest0001", "pseudonym_keys": {"ptest0001": "cHNldWRvbnltLWtleS10ZXN0LTAwMDEtcHNldWRvbnk="}}'
)
os.environ["IPCREDIT_DATA_KEYS"] = TEST_KEYRING
os.environ.pop("IPCREDIT_KEY_FILE", None)
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def artifacts() -> Path:
    """Where tests leave files for a person to look at (screenshots, rendered pages)."""
    path = Path(os.environ.get("IPCREDIT_TEST_ARTIFACTS", ROOT / "test-artifacts"))
    path.mkdir(parents=True, exist_ok=True)
    return path
