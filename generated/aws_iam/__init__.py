"""Generated resource modules of ``aws_iam``; import the one you need (nothing is imported here).

- ``role``: ``AWS::IAM::Role``
"""
