"""AES-256-GCM of values and files: the key id travels with the ciphertext, a fresh random
96-bit nonce per encryption, and associated data that binds a value to its table, column and
row (an evidence file to its content address), so a ciphertext moved elsewhere is refused.

Value format: ``enc1:<key id>:<base64url(nonce ‖ ciphertext ‖ tag)>``.
File format:  ``IPCENC1`` ‖ key-id length (1 byte) ‖ key id ‖ nonce ‖ ciphertext ‖ tag.
"""

from __future__ import annotations

import base64
import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from ipcredit.domain_errors import RuleViolation
from ipcredit.security.keyring import Keyring

PREFIX = "enc1:"
FILE_MAGIC = b"IPCENC1"


class DecryptionError(RuleViolation):
    """A ciphertext that does not authenticate: tampered, moved to another row, or wrong key."""


def value_aad(table: str, column: str, row: str, key_id: str) -> bytes:
    return f"ipcredit/v1|{table}|{column}|{row}|{key_id}".encode()


def is_ciphertext(value: object) -> bool:
    return isinstance(value, str) and value.startswith(PREFIX)


def key_id_of(token: str) -> str:
    return token.split(":", 2)[1]


def seal(ring: Keyring, plaintext: bytes, table: str, column: str, row: str) -> str:
    kid = ring.primary
    nonce = os.urandom(12)
    ct = AESGCM(ring.key(kid)).encrypt(nonce, plaintext, value_aad(table, column, row, kid))
    return f"{PREFIX}{kid}:{base64.urlsafe_b64encode(nonce + ct).decode()}"


def open_(ring: Keyring, token: str, table: str, column: str, row: str) -> bytes:
    where = f"{table}.{column} #{row}"
    if not is_ciphertext(token):
        raise DecryptionError(f"{where}: 数据库中有未加密的值，请运行 ipcredit keys rotate 加密 (unencrypted value)")
    try:
        _, kid, body = token.split(":", 2)
        blob = base64.urlsafe_b64decode(body.encode())
    except ValueError:
        raise DecryptionError(f"{where}: 密文格式损坏 (malformed ciphertext)") from None
    try:
        return AESGCM(ring.key(kid)).decrypt(blob[:12], blob[12:], value_aad(table, column, row, kid))
    except InvalidTag:
        raise DecryptionError(
            f"{where}: 密文校验失败——数据被篡改、被移到其他行，或密钥不对 (ciphertext does not authenticate)") from None


def is_encrypted_file(data: bytes) -> bool:
    return data.startswith(FILE_MAGIC)


def file_key_id(data: bytes) -> str | None:
    if not is_encrypted_file(data):
        return None
    n = data[len(FILE_MAGIC)]
    return data[len(FILE_MAGIC) + 1:len(FILE_MAGIC) + 1 + n].decode()


def seal_file(ring: Keyring, plaintext: bytes, address: str) -> bytes:
    kid = ring.primary
    nonce = os.urandom(12)
    ct = AESGCM(ring.key(kid)).encrypt(nonce, plaintext, value_aad("evidence", "file", address, kid))
    return FILE_MAGIC + bytes([len(kid)]) + kid.encode() + nonce + ct


def open_file(ring: Keyring, data: bytes, address: str) -> bytes:
    kid = file_key_id(data)
    if kid is None:
        raise DecryptionError(f"证据文件 {address[:12]}… 校验和不符：文件未加密，已被替换 (checksum mismatch: file is not encrypted, replaced)")
    start = len(FILE_MAGIC) + 1 + len(kid)
    try:
        return AESGCM(ring.key(kid)).decrypt(data[start:start + 12], data[start + 12:],
                                             value_aad("evidence", "file", address, kid))
    except InvalidTag:
        raise DecryptionError(f"证据文件 {address[:12]}… 校验和不符：密文校验失败，文件被篡改或密钥不对 "
                              f"(checksum mismatch: evidence does not authenticate)") from None
