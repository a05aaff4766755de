"""Generated resource modules of ``aws_lambda``; import the one you need (nothing is imported here).

- ``function``: ``AWS::Lambda::Function``
- ``permission``: ``AWS::Lambda::Permission``
"""
