"""Generated resource modules of ``aws_route53``; import the one you need (nothing is imported here).

- ``record_set``: ``AWS::Route53::RecordSet``
"""
