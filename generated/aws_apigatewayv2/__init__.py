"""Generated resource modules of ``aws_apigatewayv2``; import the one you need (nothing is imported here).

- ``api``: ``AWS::ApiGatewayV2::Api``
- ``api_gateway_managed_overrides``: ``AWS::ApiGatewayV2::ApiGatewayManagedOverrides``
- ``api_mapping``: ``AWS::ApiGatewayV2::ApiMapping``
- ``authorizer``: ``AWS::ApiGatewayV2::Authorizer``
- ``deployment``: ``AWS::ApiGatewayV2::Deployment``
- ``domain_name``: ``AWS::ApiGatewayV2::DomainName``
- ``integration``: ``AWS::ApiGatewayV2::Integration``
- ``integration_response``: ``AWS::ApiGatewayV2::IntegrationResponse``
- ``model``: ``AWS::ApiGatewayV2::Model``
- ``portal_product``: ``AWS::ApiGatewayV2::PortalProduct``
- ``route``: ``AWS::ApiGatewayV2::Route``
- ``route_response``: ``AWS::ApiGatewayV2::RouteResponse``
- ``routing_rule``: ``AWS::ApiGatewayV2::RoutingRule``
- ``stage``: ``AWS::ApiGatewayV2::Stage``
- ``vpc_link``: ``AWS::ApiGatewayV2::VpcLink``
"""
