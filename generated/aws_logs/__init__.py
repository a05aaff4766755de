"""Generated resource modules of ``aws_logs``; import the one you need (nothing is imported here).

- ``log_group``: ``AWS::Logs::LogGroup``
- ``metric_filter``: ``AWS::Logs::MetricFilter``
- ``subscription_filter``: ``AWS::Logs::SubscriptionFilter``
"""
