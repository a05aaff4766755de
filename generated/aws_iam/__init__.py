"""Generated resource modules of ``aws_iam``; import the one you need (nothing is imported here).

- ``policy``: ``AWS::IAM::Policy``
- ``role``: ``AWS::IAM::Role``
"""
