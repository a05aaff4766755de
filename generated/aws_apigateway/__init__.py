"""Generated resource modules of ``aws_apigateway``; import the one you need (nothing is imported here).

- ``account``: ``AWS::ApiGateway::Account``
- ``deployment``: ``AWS::ApiGateway::Deployment``
- ``rest_api``: ``AWS::ApiGateway::RestApi``
- ``stage``: ``AWS::ApiGateway::Stage``
"""
