"""ipcredit — enterprise IP credit evaluation per T/CFIE 002—2023 (企业知识产权信用评价标准)."""

__version__ = "0.1.0"
