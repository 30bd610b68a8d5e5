"""A mature ML project, written for these tests (not copied from anywhere): a SageMaker pipeline with a
data check and a metric gate, CDK infrastructure that retrains on a schedule and on a drift alarm, deploys
through a CodePipeline with an approval, serves an endpoint and monitors it; CI that runs tests. Kept as
strings so that scanning this repository never mistakes it for the project's own MLOps."""

from __future__ import annotations

FILES: dict[str, str] = {
    ".github/workflows/ci.yml": """name: ci
on: [push, pull_request]
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: pip install -r requirements.txt
      - run: ruff check .
      - run: python -m pytest -q
""",
    "README.md": """# churn-model (a test fixture)

A small, complete SageMaker MLOps project written for maturity's tests: a pipeline with data checks, a
metric gate and registration; infrastructure code that retrains on a schedule and on drift alarms, deploys
through a CodePipeline with an approval, serves an endpoint and monitors it.

## Setup

    pip install -r requirements.txt
    pytest -q
""",
    "buildspec.yml": """version: 0.2
phases:
  install:
    commands:
      - pip install -r requirements.txt
  build:
    commands:
      - python -m pytest -q
      - python -m pipelines.run_pipeline
      - npx cdk synth
artifacts:
  files: ["cdk.out/**/*"]
""",
    "cdk.json": """{"app": "python3 infra/app.py"}
""",
    "deploy/prod-config.json": """{"InstanceCount": 2}
""",
    "deploy/staging-config.json": """{"InstanceCount": 1}
""",
    "infra/app.py": '''"""Retraining triggers, the deployment pipeline, the endpoint and its monitor."""

import aws_cdk as cdk
from aws_cdk import aws_cloudwatch as cloudwatch
from aws_cdk import aws_codebuild as codebuild
from aws_cdk import aws_codepipeline as codepipeline
from aws_cdk import aws_codepipeline_actions as actions
from aws_cdk import aws_events as events
from aws_cdk import aws_events_targets as targets
from aws_cdk import aws_s3 as s3
from aws_cdk import aws_sagemaker as sagemaker
from constructs import Construct


class ChurnStack(cdk.Stack):
    def __init__(self, scope: Construct, construct_id: str) -> None:
        super().__init__(scope, construct_id)
        data = s3.Bucket(self, "Data", encryption=s3.BucketEncryption.KMS,
                         block_public_access=s3.BlockPublicAccess.BLOCK_ALL)
        pipeline_arn = "arn:aws:sagemaker:eu-west-1:111122223333:pipeline/churn-train"
        retrain = events.Rule(self, "RetrainSchedule", schedule=events.Schedule.cron(day="1", hour="3"))
        retrain.add_target(targets.SageMakerPipeline(pipeline_arn))
        drift = cloudwatch.Alarm(
            self, "DriftAlarm",
            metric=cloudwatch.Metric(namespace="aws/sagemaker/Endpoints/data-metrics",
                                     metric_name="feature_baseline_drift_tenure"),
            threshold=0.3, evaluation_periods=1,
        )
        drift_rule = events.Rule(
            self, "RetrainOnDrift",
            event_pattern=events.EventPattern(source=["aws.cloudwatch"],
                                              detail_type=["CloudWatch Alarm State Change"],
                                              resources=[drift.alarm_arn]),
        )
        drift_rule.add_target(targets.SageMakerPipeline(pipeline_arn))
        endpoint_config = sagemaker.CfnEndpointConfig(
            self, "EndpointConfig",
            production_variants=[sagemaker.CfnEndpointConfig.ProductionVariantProperty(
                model_name="churn", variant_name="AllTraffic", initial_instance_count=1,
                instance_type="ml.m5.large", initial_variant_weight=1.0)],
            data_capture_config=sagemaker.CfnEndpointConfig.DataCaptureConfigProperty(
                enable_capture=True, initial_sampling_percentage=100,
                destination_s3_uri=f"s3://{data.bucket_name}/capture",
                capture_options=[sagemaker.CfnEndpointConfig.CaptureOptionProperty(capture_mode="Input")]),
        )
        sagemaker.CfnEndpoint(self, "Endpoint",
                              endpoint_config_name=endpoint_config.attr_endpoint_config_name)
        sagemaker.CfnMonitoringSchedule(
            self, "DataQualityMonitor",
            monitoring_schedule_name="churn-data-quality",
            monitoring_schedule_config=sagemaker.CfnMonitoringSchedule.MonitoringScheduleConfigProperty(
                monitoring_job_definition_name="churn-data-quality-job",
                monitoring_type="DataQuality",
                schedule_config=sagemaker.CfnMonitoringSchedule.ScheduleConfigProperty(
                    schedule_expression="cron(0 * ? * * *)"),
            ),
        )
        source = codepipeline.Artifact()
        build_output = codepipeline.Artifact()
        build = codebuild.PipelineProject(
            self, "Build", build_spec=codebuild.BuildSpec.from_source_filename("buildspec.yml"))
        codepipeline.Pipeline(self, "Deploy", stages=[
            codepipeline.StageProps(stage_name="Source", actions=[actions.CodeCommitSourceAction(
                action_name="Source", repository=None, output=source)]),
            codepipeline.StageProps(stage_name="Build", actions=[actions.CodeBuildAction(
                action_name="Build", project=build, input=source, outputs=[build_output])]),
            codepipeline.StageProps(stage_name="DeployStaging", actions=[
                actions.CloudFormationCreateUpdateStackAction(
                    action_name="DeployStaging", stack_name="churn-staging", admin_permissions=True,
                    template_path=build_output.at_path("staging.template.json"))]),
            codepipeline.StageProps(stage_name="Approve", actions=[
                actions.ManualApprovalAction(action_name="Approve")]),
            codepipeline.StageProps(stage_name="DeployProd", actions=[
                actions.CloudFormationCreateUpdateStackAction(
                    action_name="DeployProd", stack_name="churn-prod", admin_permissions=True,
                    template_path=build_output.at_path("prod.template.json"))]),
        ])


app = cdk.App()
ChurnStack(app, "churn")
app.synth()
''',
    "pipelines/evaluate.py": '''"""Score the model on the held-out set; write the metrics the gate reads."""

import json

import pandas as pd
import xgboost
from sklearn.metrics import mean_squared_error

if __name__ == "__main__":
    model = xgboost.Booster()
    model.load_model("/opt/ml/processing/model/xgboost-model")
    test = pd.read_csv("/opt/ml/processing/test/test.csv")
    predictions = model.predict(xgboost.DMatrix(test.drop(columns=["churned"])))
    rmse = mean_squared_error(test["churned"], predictions) ** 0.5
    with open("/opt/ml/processing/evaluation/evaluation.json", "w") as out:
        json.dump({"metrics": {"rmse": {"value": rmse}}}, out)
''',
    "pipelines/pipeline.py": '''"""Preprocess, check the data, train, evaluate, register a better model."""

from sagemaker.processing import ProcessingInput, ProcessingOutput
from sagemaker.sklearn.processing import SKLearnProcessor
from sagemaker.estimator import Estimator
from sagemaker.inputs import TrainingInput
from sagemaker.workflow.condition_step import ConditionStep
from sagemaker.workflow.conditions import ConditionLessThanOrEqualTo
from sagemaker.workflow.functions import JsonGet
from sagemaker.workflow.pipeline import Pipeline
from sagemaker.workflow.properties import PropertyFile
from sagemaker.workflow.quality_check_step import DataQualityCheckConfig, QualityCheckStep
from sagemaker.workflow.step_collections import RegisterModel
from sagemaker.workflow.steps import ProcessingStep, TrainingStep


def get_pipeline(role: str, bucket: str) -> Pipeline:
    processor = SKLearnProcessor(framework_version="1.2-1", role=role, instance_type="ml.m5.large",
                                 instance_count=1)
    preprocess = ProcessingStep(
        name="PreprocessChurnData",
        processor=processor,
        code="pipelines/preprocess.py",
        outputs=[ProcessingOutput(output_name="train", source="/opt/ml/processing/train")],
    )
    data_check = QualityCheckStep(
        name="CheckDataQuality",
        quality_check_config=DataQualityCheckConfig(baseline_dataset=f"s3://{bucket}/baseline.csv",
                                                    dataset_format={"csv": {"header": True}}),
        skip_check=False,
        register_new_baseline=False,
    )
    estimator = Estimator(image_uri="xgboost", role=role, instance_type="ml.m5.xlarge", instance_count=1)
    train = TrainingStep(name="TrainChurnModel", estimator=estimator,
                         inputs={"train": TrainingInput(s3_data=f"s3://{bucket}/train")})
    report = PropertyFile(name="EvaluationReport", output_name="evaluation", path="evaluation.json")
    evaluate = ProcessingStep(name="EvaluateChurnModel", processor=processor, code="pipelines/evaluate.py",
                              property_files=[report])
    register = RegisterModel(name="RegisterChurnModel", estimator=estimator,
                             model_data=train.properties.ModelArtifacts.S3ModelArtifacts,
                             model_package_group_name="churn", approval_status="PendingManualApproval",
                             content_types=["text/csv"], response_types=["text/csv"])
    gate = ConditionStep(
        name="CheckRmse",
        conditions=[ConditionLessThanOrEqualTo(
            left=JsonGet(step_name=evaluate.name, property_file=report, json_path="metrics.rmse.value"),
            right=6.0,
        )],
        if_steps=[register],
        else_steps=[],
    )
    return Pipeline(name="churn-train", steps=[preprocess, data_check, train, evaluate, gate])
''',
    "pipelines/preprocess.py": '''"""Prepare the churn table: drop incomplete rows, encode the plan, split."""

import pandas as pd
from sklearn.model_selection import train_test_split


def prepare(frame: pd.DataFrame) -> pd.DataFrame:
    frame = frame.dropna(subset=["customer_id", "churned"])
    frame["plan"] = frame["plan"].astype("category").cat.codes
    return frame


if __name__ == "__main__":
    data = prepare(pd.read_csv("/opt/ml/processing/input/churn.csv"))
    train, test = train_test_split(data, test_size=0.2, random_state=42)
    train.to_csv("/opt/ml/processing/train/train.csv", index=False)
    test.to_csv("/opt/ml/processing/test/test.csv", index=False)
''',
    "pipelines/run_pipeline.py": '''"""CodeBuild runs this: create or update the pipeline, then start it."""

from pipelines.pipeline import get_pipeline

if __name__ == "__main__":
    pipeline = get_pipeline(role="arn:aws:iam::111122223333:role/sagemaker", bucket="churn-data")
    pipeline.upsert(role_arn="arn:aws:iam::111122223333:role/sagemaker")
    pipeline.start()
''',
    "pipelines/train.py": '''"""Local training for experiments (the pipeline trains on SageMaker)."""

import pandas as pd
import xgboost

if __name__ == "__main__":
    frame = pd.read_csv("data/train.csv")
    booster = xgboost.train({"max_depth": 4, "seed": 7}, xgboost.DMatrix(frame.drop(columns=["churned"]),
                                                                          label=frame["churned"]))
    booster.save_model("model.json")
''',
    "requirements.txt": """pandas==2.2.2
scikit-learn==1.5.1
xgboost==2.1.0
sagemaker==2.224.1
aws-cdk-lib==2.150.0
constructs==10.3.0
pytest==8.3.2
ruff==0.5.6
""",
    "ruff.toml": """line-length = 100
""",
    "tests/test_model.py": """import xgboost


def test_model_learns_a_trivial_rule(tiny_frame):
    booster = xgboost.train({"seed": 7}, xgboost.DMatrix(tiny_frame[["x"]], label=tiny_frame["y"]))
    predictions = booster.predict(xgboost.DMatrix(tiny_frame[["x"]]))
    assert ((predictions > 0.5) == tiny_frame["y"]).mean() >= 0.9
""",
    "tests/test_preprocess.py": """import pandas as pd

from pipelines.preprocess import prepare


def test_prepare_drops_rows_without_a_label():
    frame = pd.DataFrame({"customer_id": [1, 2], "churned": [0, None], "plan": ["a", "b"]})
    assert prepare(frame)["churned"].notna().all()
""",
}
