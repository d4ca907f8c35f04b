"""The project's own gates: README commands match CI, lint and types are clean, every Cypher-free rule holds."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_ci_runs_the_readme_test_command():
    readme = (ROOT / "README.md").read_text()
    blocks = re.findall(r"```bash\n(.*?)\n```", readme, re.S)
    quick_start = [b for b in blocks if b.startswith("python3 -m venv")]
    assert len(quick_start) == 2, "the quick start has exactly two commands"
    ci = (ROOT / ".ci" / "run").read_text()
    assert quick_start[1] in ci.splitlines()


def test_ruff_is_clean():
    r = subprocess.run([sys.executable, "-m", "ruff", "check", str(ROOT)], capture_output=True, text=True)
    assert r.returncode == 0, r.stdout[-3000:]


def test_mypy_finds_no_type_errors():
    """mypy over the packages ([tool.mypy] in pyproject.toml: api, graph, loaders, cypher): any error fails."""
    r = subprocess.run([sys.executable, "-m", "mypy"], capture_output=True, text=True, cwd=ROOT)
    assert r.returncode == 0 and "Success: no issues found" in r.stdout, (r.stdout + r.stderr)[-3000:]


def test_docker_compose_runs_neo4j_ingest_and_the_api():
    """The compose file's wiring (the Docker engine cannot run here); `docker compose config` checks it
    against the Compose specification where the compose plugin is installed."""
    import shutil

    import yaml

    compose = ROOT / "docker-compose.yml"
    spec = yaml.safe_load(compose.read_text())
    neo4j, ingest, api = (spec["services"][name] for name in ("neo4j", "ingest", "api"))
    assert neo4j["image"].startswith("neo4j:5") and "NEO4J_AUTH" in neo4j["environment"]
    assert "7474:7474" in neo4j["ports"] and any(v.endswith(":/data") for v in neo4j["volumes"])
    assert "cypher-shell" in " ".join(neo4j["healthcheck"]["test"])
    for service in (ingest, api):
        assert service["environment"]["TENSIONGRAPH_STORE"] == "neo4j"
        assert service["environment"]["NEO4J_URI"] == "bolt://neo4j:7687"
        assert service["depends_on"]["neo4j"]["condition"] == "service_healthy"
    assert ingest["command"][:3] == ["tensiongraph", "ingest", "examples/"]
    assert api["depends_on"]["ingest"]["condition"] == "service_completed_successfully"
    assert "8000:8000" in api["ports"]
    docker = shutil.which("docker")
    if docker and subprocess.run([docker, "compose", "version"], capture_output=True).returncode == 0:
        done = subprocess.run([docker, "compose", "-f", str(compose), "config", "--quiet"], capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
