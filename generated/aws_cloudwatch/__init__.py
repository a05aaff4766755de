"""Generated resource modules of ``aws_cloudwatch``; import the one you need (nothing is imported here).

- ``alarm``: ``AWS::CloudWatch::Alarm``
"""
