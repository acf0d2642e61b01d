"""Issued reports (§5.3.8, §5.4): gap-free numbers, validity, verification codes, status.

The PDF/DOCX renderer (``ipcredit.reports``) calls the service functions here:
``report_for_rendering``, ``find_report_by_verification_code``, ``store_report_file_hash``,
``verify_report`` and ``revoke_report``.
"""
