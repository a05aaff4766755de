"""Generated resource modules of ``aws_logs``; import the one you need (nothing is imported here).

- ``log_group``: ``AWS::Logs::LogGroup``
"""
