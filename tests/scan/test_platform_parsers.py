"""Platform readers: HCL blocks, Kubernetes manifests, Databricks bundles, Python calls; hostile input."""

from __future__ import annotations

import json

from maturity.scan.parsers.databricks import databricks
from maturity.scan.parsers.hcl import parse, to_dict
from maturity.scan.parsers.k8s import manifests
from maturity.scan.parsers.platform_code import calls
from maturity.scan.repo import RepoView

HCL = """
# resource "commented" "out" {}
resource "aws_cloudwatch_event_rule" "weekly" {
  name        = "retrain-${var.env}"
  description = "a \\"quoted\\" ${lookup(var.m, "k}")} value"
  schedule_expression = "cron(0 0 ? * MON *)" // weekly
  policy = <<-EOF
    { "not": "a block {" }
    EOF
  tags = { team = "ml" }
}
resource "databricks_job" "train" { name = "train" }
"""


def test_hcl_blocks_arguments_and_lines() -> None:
    rule, job = parse(HCL)
    assert (rule.type, rule.labels, rule.line) == ("resource", ("aws_cloudwatch_event_rule", "weekly"), 3)
    assert rule.attrs["schedule_expression"].value == "cron(0 0 ? * MON *)"
    assert rule.attrs["schedule_expression"].line == 6
    assert rule.attrs["schedule_expression"].literal
    assert not rule.attrs["name"].literal  # a template is an expression, kept as source
    assert rule.attrs["tags"].value == '{ team = "ml" }'
    assert job.labels == ("databricks_job", "train") and job.get("name") == "train"


def test_hcl_nested_blocks_as_mapping() -> None:
    (job,) = parse('resource "x" "y" {\n  task {\n    task_key = "a"\n  }\n  task { task_key = "b" }\n}\n')
    body = to_dict(job, frozenset({"task"}))
    assert [t["task_key"] for t in body["task"]] == ["a", "b"]
    assert body["task"][0]["task_key"].line == 3


def test_hcl_hostile_input_never_raises() -> None:
    for text in (
        'resource "a" "b" {\n  x = "unterminated\n  y = 2\n',
        'resource "a" "b" {\n  p = <<EOF\nno end',
        "}}}}} = = {{{",
        "a {" * 5000,
        "\x00\xff" * 100,
        "/* never closed",
    ):
        blocks = parse(text)
        assert isinstance(blocks, list)
    (broken,) = parse('resource "a" "b" {\n  x = "unterminated\n  y = 2\n')
    assert broken.get("y") == "2"


def test_manifests_from_files_heredocs_and_templates() -> None:
    repo = RepoView.from_dict(
        {
            "k8s/a.yaml": "apiVersion: v1\nkind: Service\nmetadata: {name: s}\n---\n"
            "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\n",
            "chart/templates/d.yaml": "apiVersion: apps/v1\nkind: Deployment\n"
            "metadata:\n  name: {{ .Release.Name }}\n",
            "deploy.sh": "kubectl apply -f - <<EOF\napiVersion: v1\nkind: ConfigMap\n"
            "metadata: {name: c}\nEOF\n",
            "bad.sh": "cat <<X | kubectl apply -f -\nkind: [unclosed\napiVersion: v1\n",
        }
    )
    found = {(m.path, m.line, m.kind, m.name, m.embedded) for m in manifests(repo)}
    assert ("k8s/a.yaml", 2, "Service", "s", False) in found
    assert ("k8s/a.yaml", 6, "Deployment", "d", False) in found
    assert ("chart/templates/d.yaml", 2, "Deployment", "", False) in found
    assert ("deploy.sh", 3, "ConfigMap", "c", True) in found
    assert not any(m.path == "bad.sh" for m in manifests(repo))


def test_databricks_bundle_variables_targets_and_includes() -> None:
    repo = RepoView.from_dict(
        {
            "proj/databricks.yml": "bundle: {name: b}\ninclude: [resources/*.yml, ../../outside/*.yml]\n"
            "variables: {p: {default: PAUSED}}\ntargets:\n  dev: {mode: development}\n  prd:\n"
            "    variables: {p: UNPAUSED}\n",
            "proj/resources/job.yml": "resources:\n  jobs:\n    j:\n      tasks:\n        - task_key: a\n",
            "other/databricks.yml": "resources: {jobs: {}}\n",  # no bundle: key, not a bundle
            "jobs/raw.json": json.dumps({"settings": {"name": "raw", "tasks": [{"task_key": "t"}]}}),
        }
    )
    dbx = databricks(repo)
    (bundle,) = dbx.bundles
    assert [t.name for t in bundle.targets] == ["dev", "prd"]
    assert bundle.values("${var.p}") == {"dev": "PAUSED", "prd": "UNPAUSED"}
    assert [(j.path, j.name, [t.key for t in j.tasks]) for j in dbx.jobs] == [
        ("proj/resources/job.yml", "j", ["a"]),
        ("jobs/raw.json", "raw", ["t"]),
    ]


def test_python_calls_in_notebooks_with_magics_and_bad_cells() -> None:
    cells = [
        {"cell_type": "code", "source": ["%pip install x\n", "import mlrun\n"]},
        {"cell_type": "code", "source": ["%%bash\n", "echo $(( 1 + \n"]},
        {"cell_type": "code", "source": ["p = mlrun.get_or_create_project('p')\n", "p.set_workflow('m')\n"]},
    ]
    repo = RepoView.from_dict({"nb.ipynb": json.dumps({"cells": cells}, indent=1)})
    names = [c.name for c in calls(repo, "nb.ipynb")]
    assert "p.set_workflow" in names and "mlrun.get_or_create_project" in names
