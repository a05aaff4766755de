"""Generated resource modules of ``aws_apigatewayv2``; import the one you need (nothing is imported here).

- ``api``: ``AWS::ApiGatewayV2::Api``
- ``stage``: ``AWS::ApiGatewayV2::Stage``
"""
