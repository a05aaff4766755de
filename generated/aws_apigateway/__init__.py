"""Generated resource modules of ``aws_apigateway``; import the one you need (nothing is imported here).

- ``account``: ``AWS::ApiGateway::Account``
- ``api_key``: ``AWS::ApiGateway::ApiKey``
- ``authorizer``: ``AWS::ApiGateway::Authorizer``
- ``base_path_mapping``: ``AWS::ApiGateway::BasePathMapping``
- ``base_path_mapping_v2``: ``AWS::ApiGateway::BasePathMappingV2``
- ``client_certificate``: ``AWS::ApiGateway::ClientCertificate``
- ``deployment``: ``AWS::ApiGateway::Deployment``
- ``documentation_part``: ``AWS::ApiGateway::DocumentationPart``
- ``documentation_version``: ``AWS::ApiGateway::DocumentationVersion``
- ``domain_name``: ``AWS::ApiGateway::DomainName``
- ``domain_name_access_association``: ``AWS::ApiGateway::DomainNameAccessAssociation``
- ``domain_name_v2``: ``AWS::ApiGateway::DomainNameV2``
- ``gateway_response``: ``AWS::ApiGateway::GatewayResponse``
- ``method``: ``AWS::ApiGateway::Method``
- ``model``: ``AWS::ApiGateway::Model``
- ``request_validator``: ``AWS::ApiGateway::RequestValidator``
- ``resource``: ``AWS::ApiGateway::Resource``
- ``rest_api``: ``AWS::ApiGateway::RestApi``
- ``stage``: ``AWS::ApiGateway::Stage``
- ``usage_plan``: ``AWS::ApiGateway::UsagePlan``
- ``usage_plan_key``: ``AWS::ApiGateway::UsagePlanKey``
- ``vpc_link``: ``AWS::ApiGateway::VpcLink``
"""
