"""Generated resource modules of ``aws_certificatemanager``; import the one you need (nothing is imported here).

- ``certificate``: ``AWS::CertificateManager::Certificate``
"""
