"""Data protection: keyring, field and file encryption (AES-256-GCM), key rotation."""
