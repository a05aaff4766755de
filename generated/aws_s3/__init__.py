"""Generated resource modules of ``aws_s3``; import the one you need (nothing is imported here).

- ``bucket``: ``AWS::S3::Bucket``
"""
