"""LoggedProductionStage and RestStage: defaults, per-method settings, caching, and their errors."""

from __future__ import annotations

from typing import Any

import pytest

from stagewright import Aws, Fn, ValidationError
from stagewright.stages import (
    AccessLogFormat,
    AccountLoggingRole,
    LoggedProductionStage,
    MethodOptions,
    RestStage,
    Throttle,
)
from tests.constructs.stages._support import rest_app, synth, synth_assembly


def _prod(**options: Any) -> tuple[dict[str, Any], Any]:
    """Synthesize a logged prod stage (with the account role) and return the template, stage."""
    app, stack, api, release = rest_app()
    AccountLoggingRole(stack, "Logging")
    stage = LoggedProductionStage(stack, "Prod", rest_api=api, deployment=release, **options)
    return synth(app)["Shop"], stage


def test_defaults_log_meter_trace_and_throttle_every_method() -> None:
    """By default: JSON access logs to a new group, ERROR logs, metrics, tracing, throttling."""
    template, stage = _prod()
    props = template["Resources"]["Prod"]["Properties"]
    assert props["StageName"] == "prod"
    assert props["TracingEnabled"] is True
    assert props["MethodSettings"] == [
        {
            "DataTraceEnabled": False,
            "HttpMethod": "*",
            "LoggingLevel": "ERROR",
            "MetricsEnabled": True,
            "ResourcePath": "/*",
            "ThrottlingBurstLimit": 2000,
            "ThrottlingRateLimit": 1000,
        }
    ]
    log_group_id = stage.log_group.logical_id
    assert props["AccessLogSetting"]["DestinationArn"] == {"Fn::GetAtt": [log_group_id, "Arn"]}
    assert props["AccessLogSetting"]["Format"] == AccessLogFormat.rest_default().text
    assert '"requestId":"$context.requestId"' in props["AccessLogSetting"]["Format"]


def test_the_log_group_is_retained_and_keeps_logs_for_the_retention_asked() -> None:
    """The access log group survives stack deletion and replacement; retention is configurable."""
    template, stage = _prod(log_retention_days=30)
    group = template["Resources"][stage.log_group.logical_id]
    assert group == {
        "Type": "AWS::Logs::LogGroup",
        "Properties": {"RetentionInDays": 30},
        "DeletionPolicy": "Retain",
        "UpdateReplacePolicy": "Retain",
    }
    forever, stage = _prod(log_retention_days=None)
    assert "Properties" not in forever["Resources"][stage.log_group.logical_id]


def test_a_retention_cloudwatch_does_not_offer_is_refused_before_the_stage_exists() -> None:
    """42 days is not a CloudWatch Logs retention; the error names the option and the stage."""
    _app, stack, api, release = rest_app()
    with pytest.raises(ValidationError) as caught:
        LoggedProductionStage(
            stack, "Prod", rest_api=api, deployment=release, log_retention_days=42
        )
    message = str(caught.value)
    assert message.startswith("Shop/Prod: log_retention_days: must be one of 1, 3, 5, 7, 14,")
    assert message.endswith("3653 [enum], got 42; did you mean 30?")
    assert stack.node.try_find_child("Prod") is None


def test_a_given_destination_replaces_the_log_group() -> None:
    """With access_log_destination_arn no log group is created and the ARN is used as given."""
    arn = Fn.sub("arn:${AWS::Partition}:firehose:${AWS::Region}:${AWS::AccountId}:deliverystream/x")
    template, stage = _prod(access_log_destination_arn=arn, access_log_format=AccessLogFormat.clf())
    assert stage.log_group is None
    types = {r["Type"] for r in template["Resources"].values()}
    assert "AWS::Logs::LogGroup" not in types
    setting = template["Resources"]["Prod"]["Properties"]["AccessLogSetting"]
    assert setting["DestinationArn"] == {"Fn::Sub": arn.to_cfn()["Fn::Sub"]}
    assert setting["Format"].endswith("$context.requestId")


def test_info_logging_is_allowed_and_off_is_refused() -> None:
    """INFO is the optional level; OFF would not be a logged stage and names RestStage instead."""
    template, _ = _prod(logging_level="INFO")
    settings = template["Resources"]["Prod"]["Properties"]["MethodSettings"]
    assert settings[0]["LoggingLevel"] == "INFO"
    _app, stack, api, release = rest_app()
    with pytest.raises(ValidationError) as caught:
        LoggedProductionStage(stack, "Prod", rest_api=api, deployment=release, logging_level="OFF")
    assert str(caught.value) == (
        "Shop/Prod: logging_level: must be ERROR or INFO for a logged stage [enum], got 'OFF'; "
        "use RestStage for a stage without execution logs"
    )


def test_data_trace_is_off_and_asking_for_it_warns() -> None:
    """Full request/response logging is opt-in, and synthesis warns that it can log secrets."""
    app, stack, api, release = rest_app()
    AccountLoggingRole(stack, "Logging")
    LoggedProductionStage(stack, "Quiet", rest_api=api, deployment=release)
    LoggedProductionStage(
        stack, "Loud", rest_api=api, deployment=release, stage_name="debug", data_trace_enabled=True
    )
    assembly = synth_assembly(app)
    warnings = [(m.path, m.text) for m in assembly.messages if m.level == "warning"]
    assert [path for path, _ in warnings] == ["Shop/Loud"]
    assert "can hold credentials and personal data" in warnings[0][1]
    settings = assembly.templates["Shop"]["Resources"]["Loud"]["Properties"]["MethodSettings"]
    assert settings[0]["DataTraceEnabled"] is True


def test_per_method_options_encode_the_path_and_inherit_the_stage_settings() -> None:
    """'/pets/{id}/GET' becomes ResourcePath '/~1pets~1{id}'; unset options repeat the stage's."""
    template, _ = _prod(
        method_options={
            "/pets/{id}/GET": MethodOptions(throttle=Throttle(rate_limit=5, burst_limit=10)),
            "/GET": MethodOptions(logging_level="INFO", metrics_enabled=False),
        }
    )
    settings = template["Resources"]["Prod"]["Properties"]["MethodSettings"]
    assert [(s["ResourcePath"], s["HttpMethod"]) for s in settings] == [
        ("/*", "*"),
        ("/~1pets~1{id}", "GET"),
        ("/", "GET"),
    ]
    pets, root = settings[1], settings[2]
    assert (pets["ThrottlingRateLimit"], pets["ThrottlingBurstLimit"]) == (5, 10)
    assert (pets["LoggingLevel"], pets["MetricsEnabled"]) == ("ERROR", True)
    assert (root["LoggingLevel"], root["MetricsEnabled"]) == ("INFO", False)
    assert (root["ThrottlingRateLimit"], root["ThrottlingBurstLimit"]) == (1000, 2000)


@pytest.mark.parametrize(
    ("key", "message"),
    [
        (
            "/pets/get",
            'Shop/Prod: method_options["/pets/get"]: does not end in an HTTP method [method-key], '
            "got '/pets/get'; did you mean '/pets/GET'?",
        ),
        (
            "pets/GET",
            'Shop/Prod: method_options["pets/GET"]: a method key is '
            "'<resource path>/<HTTP method>', "
            "e.g. '/pets/{id}/GET' ('/GET' is the root) [method-key], got 'pets/GET'",
        ),
        (
            "/pets//GET",
            "Shop/Prod: method_options[\"/pets//GET\"]: has a bad path part ''; a key is "
            "'<resource path>/<HTTP method>', e.g. '/pets/{id}/GET' ('/GET' is the root) "
            "[method-key], got '/pets//GET'",
        ),
    ],
)
def test_a_bad_method_key_is_refused_with_the_shape_expected(key: str, message: str) -> None:
    """Method keys are '<path>/<METHOD>'; a lower-case method gets a did-you-mean."""
    _app, stack, api, release = rest_app()
    with pytest.raises(ValidationError) as caught:
        LoggedProductionStage(
            stack, "Prod", rest_api=api, deployment=release, method_options={key: MethodOptions()}
        )
    assert str(caught.value) == message


def test_caching_takes_a_cluster_size_and_encrypts_by_default() -> None:
    """A cluster size in GB (number or string) turns the cluster on; cached data is encrypted."""
    template, _ = _prod(cache_cluster_size=0.5, caching_enabled=True, cache_ttl_seconds=60)
    props = template["Resources"]["Prod"]["Properties"]
    assert (props["CacheClusterEnabled"], props["CacheClusterSize"]) == (True, "0.5")
    everything = props["MethodSettings"][0]
    assert everything["CachingEnabled"] is True
    assert everything["CacheDataEncrypted"] is True
    assert everything["CacheTtlInSeconds"] == 60
    plain, _ = _prod(cache_cluster_size="118", caching_enabled=True, cache_data_encrypted=False)
    assert plain["Resources"]["Prod"]["Properties"]["CacheClusterSize"] == "118"
    assert (
        plain["Resources"]["Prod"]["Properties"]["MethodSettings"][0]["CacheDataEncrypted"] is False
    )


def test_caching_one_method_caches_only_that_method() -> None:
    """caching_enabled in method_options caches that method; the others get no cache keys."""
    template, _ = _prod(
        cache_cluster_size="1.6",
        method_options={"/pets/{id}/GET": MethodOptions(caching_enabled=True)},
    )
    everything, pets = template["Resources"]["Prod"]["Properties"]["MethodSettings"]
    assert "CachingEnabled" not in everything
    assert (pets["CachingEnabled"], pets["CacheDataEncrypted"]) == (True, True)


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (
            {"cache_cluster_size": 2},
            "Shop/Prod: cache_cluster_size: must be one of 0.5, 1.6, 6.1, 13.5, 28.4, 58.2, 118, "
            "237 (GB) [enum], got 2; did you mean '1.6'?",
        ),
        (
            {"caching_enabled": True},
            "Shop/Prod: caching_enabled: caching needs a cache cluster [needs-cache], got True; "
            "pass cache_cluster_size (0.5 to 237 GB)",
        ),
        (
            {"method_options": {"/pets/GET": MethodOptions(caching_enabled=True)}},
            'Shop/Prod: method_options["/pets/GET"].caching_enabled: caching needs a cache cluster '
            "[needs-cache], got True; pass cache_cluster_size (0.5 to 237 GB)",
        ),
        (
            {"cache_cluster_size": "0.5", "caching_enabled": True, "cache_ttl_seconds": 7200},
            "Shop/Prod: cache_ttl_seconds: must be 0 to 3600 (seconds) [range], got 7200",
        ),
        (
            {"metrics_enabled": "yes"},
            "Shop/Prod: metrics_enabled: must be a boolean [type], got 'yes'",
        ),
        (
            {"tracng_enabled": True},
            "Shop/Prod: tracng_enabled: is not an option [unknown], got 'tracng_enabled'; "
            "did you mean 'tracing_enabled'?",
        ),
        (
            {"variables": {"bad-name": "x"}},
            'Shop/Prod: variables["bad-name"]: a stage variable name must contain only letters, '
            "digits and underscores ([A-Za-z0-9_]+) [pattern], got 'bad-name'; "
            "did you mean 'bad_name'?",
        ),
        (
            {"variables": {"alias": "has space"}},
            'Shop/Prod: variables["alias"]: must contain only letters, digits and -._~:/?#&=, '
            "([A-Za-z0-9-._~:/?#&=,]+) [pattern], got 'has space'",
        ),
    ],
)
def test_bad_stage_options_are_refused_with_path_rule_and_value(
    options: dict[str, Any], message: str
) -> None:
    """Each rule the schema cannot express is checked when the stage is built, with its text."""
    _app, stack, api, release = rest_app()
    with pytest.raises(ValidationError) as caught:
        LoggedProductionStage(stack, "Prod", rest_api=api, deployment=release, **options)
    assert str(caught.value) == message


def test_a_cache_cluster_nobody_uses_warns() -> None:
    """A cluster is billed by the hour; with no method caching, synthesis says so."""
    app, stack, api, release = rest_app()
    AccountLoggingRole(stack, "Logging")
    LoggedProductionStage(stack, "Prod", rest_api=api, deployment=release, cache_cluster_size="0.5")
    texts = [m.text for m in synth_assembly(app).messages]
    assert texts == [
        "the cache cluster is billed by the hour and no method caches: set caching_enabled=True "
        "(for all methods, or in method_options), or drop cache_cluster_size"
    ]


def test_the_throttle_checks_its_numbers() -> None:
    """Negative limits and a fractional burst are refused, naming the field."""
    with pytest.raises(ValidationError) as caught:
        Throttle(rate_limit=-1, burst_limit=2.5)  # type: ignore[arg-type]
    assert str(caught.value) == (
        "2 problems:\n"
        "  - Throttle.rate_limit: must be at least 0 [minimum], got -1\n"
        "  - Throttle.burst_limit: must be an integer [type], got 2.5"
    )


def test_a_plain_rest_stage_sets_nothing_it_was_not_asked_for() -> None:
    """RestStage without options: only the API, deployment and name; no logs, no role warning."""
    app, stack, api, release = rest_app()
    stage = RestStage(stack, "Dev", rest_api=api, deployment=release, stage_name="dev")
    assert synth(app)["Shop"]["Resources"]["Dev"]["Properties"] == {
        "DeploymentId": {"Ref": "Release1"},
        "RestApiId": {"Ref": "Api"},
        "StageName": "dev",
    }
    assert synth_assembly(app).messages == ()
    assert stage.resource.logical_id == "Dev"


def test_an_access_log_format_without_a_destination_is_refused() -> None:
    """RestStage has no log group of its own: a format alone would be silently dropped."""
    _app, stack, api, release = rest_app()
    with pytest.raises(ValidationError) as caught:
        RestStage(
            stack, "Dev", rest_api=api, deployment=release, access_log_format=AccessLogFormat.clf()
        )
    assert "access_log_format: has nowhere to go without access_log_destination_arn" in str(
        caught.value
    )


def test_tags_variables_and_the_url_output() -> None:
    """Tags are sorted Key/Value pairs; the url is a Sub of the API, region, suffix and stage."""
    template, stage = _prod(
        tags={"team": "pets", "cost": "1"}, variables={"alias": "live"}, description="prod"
    )
    props = template["Resources"]["Prod"]["Properties"]
    assert props["Tags"] == [{"Key": "cost", "Value": "1"}, {"Key": "team", "Value": "pets"}]
    assert props["Variables"] == {"alias": "live"}
    url = stage.url.to_cfn()["Fn::Sub"]
    assert url[0] == "https://${Api}.execute-api.${AWS::Region}.${AWS::URLSuffix}/${Stage}/"
    assert Aws.REGION.to_cfn() == {"Ref": "AWS::Region"}
