"""Generated resource modules of ``aws_wafv2``; import the one you need (nothing is imported here).

- ``web_acl_association``: ``AWS::WAFv2::WebACLAssociation``
"""
