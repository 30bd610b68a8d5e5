"""teams.yaml: which repositories belong to which team.

```yaml
teams:
  Fraud: [churn-model, "https://git.example.com/fraud/*"]
  Search:
    - ranker
```
Each entry is a repository name, the path or URL it was scanned from, or a glob of either. The first
team that matches wins; repositories no team claims are listed under "(no team)".
"""

from __future__ import annotations

from fnmatch import fnmatchcase
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter

from maturity import _yaml
from maturity.errors import UserError

NO_TEAM = "(no team)"


class Teams(BaseModel):
    model_config = ConfigDict(extra="forbid")

    teams: dict[str, list[str]] = Field(description="team name -> repository names, paths, URLs or globs")

    def team_of(self, name: str, key: str) -> str:
        for team, patterns in self.teams.items():
            if any(fnmatchcase(name, p) or fnmatchcase(key, p) for p in patterns):
                return team
        return NO_TEAM


def load(file: Path) -> Teams:
    teams, _ = _yaml.load(file, TypeAdapter(Teams), UserError)
    return teams
