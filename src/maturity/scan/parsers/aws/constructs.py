"""Which CDK construct synthesizes which CloudFormation resource (for the Python and TypeScript readers).

A construct is named by its module (``aws_events``, from ``aws_cdk.aws_events`` or ``aws-cdk-lib/aws-events``)
and class (``Rule``). CodePipeline actions map to a category and provider, as in a template.
"""

from __future__ import annotations

import re

from maturity.scan.parsers.aws.model import (
    ACTION,
    ALARM,
    FUNCTION,
    PIPELINE,
    PROJECT,
    RULE,
    SM_PIPELINE,
    STATE_MACHINE,
    TRAINING_TASK,
)

_TYPES: dict[tuple[str, str], str] = {
    ("events", "Rule"): RULE,
    ("events", "CfnRule"): RULE,
    ("scheduler", "Schedule"): RULE,
    ("scheduler", "CfnSchedule"): RULE,
    ("scheduler_alpha", "Schedule"): RULE,
    ("codepipeline", "Pipeline"): PIPELINE,
    ("codepipeline", "CfnPipeline"): PIPELINE,
    ("pipelines", "CodePipeline"): PIPELINE,
    ("pipelines", "CdkPipeline"): PIPELINE,
    ("codebuild", "Project"): PROJECT,
    ("codebuild", "PipelineProject"): PROJECT,
    ("codebuild", "CfnProject"): PROJECT,
    ("lambda", "Function"): FUNCTION,
    ("lambda", "CfnFunction"): FUNCTION,
    ("lambda", "DockerImageFunction"): FUNCTION,
    ("lambda_python", "PythonFunction"): FUNCTION,
    ("lambda_python_alpha", "PythonFunction"): FUNCTION,
    ("cloudwatch", "Alarm"): ALARM,
    ("cloudwatch", "CfnAlarm"): ALARM,
    ("stepfunctions", "StateMachine"): STATE_MACHINE,
    ("stepfunctions", "CfnStateMachine"): STATE_MACHINE,
    ("stepfunctions_tasks", "SageMakerCreateTrainingJob"): TRAINING_TASK,
    ("sagemaker_alpha", "Endpoint"): "AWS::SageMaker::Endpoint",
    ("sagemaker_alpha", "EndpointConfig"): "AWS::SageMaker::EndpointConfig",
    ("sagemaker_alpha", "Model"): "AWS::SageMaker::Model",
    ("servicecatalog", "CloudFormationProduct"): "AWS::ServiceCatalog::CloudFormationProduct",
    ("sagemaker", "CfnPipeline"): SM_PIPELINE,
}
_SERVICES = {"sagemaker": "SageMaker", "servicecatalog": "ServiceCatalog", "events": "Events"}

# CodePipeline action classes (aws_codepipeline_actions): category, provider
_ACTIONS: dict[str, tuple[str, str]] = {
    "CodeCommitSourceAction": ("Source", "CodeCommit"),
    "S3SourceAction": ("Source", "S3"),
    "GitHubSourceAction": ("Source", "GitHub"),
    "CodeStarConnectionsSourceAction": ("Source", "CodeStarSourceConnection"),
    "BitBucketSourceAction": ("Source", "CodeStarSourceConnection"),
    "EcrSourceAction": ("Source", "ECR"),
    "CodeBuildAction": ("Build", "CodeBuild"),
    "JenkinsAction": ("Build", "Jenkins"),
    "CloudFormationCreateUpdateStackAction": ("Deploy", "CloudFormation"),
    "CloudFormationCreateReplaceChangeSetAction": ("Deploy", "CloudFormation"),
    "CloudFormationExecuteChangeSetAction": ("Deploy", "CloudFormation"),
    "CloudFormationDeployStackSetAction": ("Deploy", "CloudFormationStackSet"),
    "CloudFormationDeployStackInstancesAction": ("Deploy", "CloudFormationStackInstances"),
    "CodeDeployServerDeployAction": ("Deploy", "CodeDeploy"),
    "CodeDeployEcsDeployAction": ("Deploy", "CodeDeployToECS"),
    "EcsDeployAction": ("Deploy", "ECS"),
    "ElasticBeanstalkDeployAction": ("Deploy", "ElasticBeanstalk"),
    "S3DeployAction": ("Deploy", "S3"),
    "ServiceCatalogDeployActionBeta1": ("Deploy", "ServiceCatalog"),
    "LambdaInvokeAction": ("Invoke", "Lambda"),
    "StepFunctionInvokeAction": ("Invoke", "StepFunctions"),
    "ManualApprovalAction": ("Approval", "Manual"),
}
# CDK Pipelines (aws_cdk.pipelines): steps and sources
_STEPS: dict[str, tuple[str, str]] = {
    "ShellStep": ("Build", "CodeBuild"),
    "CodeBuildStep": ("Build", "CodeBuild"),
    "ManualApprovalStep": ("Approval", "Manual"),
}
# keywords that turn a source off: CodeCommit/S3 `trigger=...NONE`, connections `trigger_on_push=False`
TRIGGER_KEYS = ("trigger", "triggeronpush")


def construct_type(module: str, cls: str) -> tuple[str, str, str] | None:
    """(type, category, provider) of ``module.cls``, or None when it is not a construct we read."""
    service = module.removeprefix("aws_").replace("-", "_")
    if (service, cls) in _TYPES:
        return _TYPES[service, cls], "", ""
    if service == "codepipeline_actions" and cls in _ACTIONS:
        return (ACTION, *_ACTIONS[cls])
    if service == "pipelines" and cls in _STEPS:
        return (ACTION, *_STEPS[cls])
    if service == "pipelines" and cls.startswith("CodePipelineSource"):
        return ACTION, "Source", "CodePipelineSource"
    if service in _SERVICES and re.fullmatch(r"Cfn[A-Z]\w+", cls) and not cls.endswith("Property"):
        return f"AWS::{_SERVICES[service]}::{cls[3:]}", "", ""
    return None


def is_cdk_module(module: str) -> bool:
    """``aws_cdk``-style module path (Python dotted or TypeScript package) of a construct library."""
    return module.startswith(("aws_cdk", "aws-cdk-lib", "@aws-cdk/", "@aws-cdk-containers/"))
