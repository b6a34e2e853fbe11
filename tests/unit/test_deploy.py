"""compose.yaml describes the real deployment: a 3-node Qdrant cluster with a replicated collection,
the copilot pointed at it, ingest as a job."""

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]


def test_compose_cluster_and_service() -> None:
    spec = yaml.safe_load((ROOT / "compose.yaml").read_text())
    services = spec["services"]
    nodes = [n for n in services if n.startswith("qdrant-")]
    assert len(nodes) == 3
    for n in nodes:
        assert services[n]["environment"]["QDRANT__CLUSTER__ENABLED"] == "true"
    assert all("--bootstrap" in services[n]["command"] for n in nodes[1:])
    env = services["copilot"]["environment"]
    assert env["COPILOT_QDRANT__URL"].startswith("http://qdrant-") and env["COPILOT_QDRANT__REPLICATION_FACTOR"] == "2"
    assert services["ingest"]["command"] == ["copilot", "ingest"] and services["ingest"]["profiles"] == ["job"]
    assert (ROOT / "Dockerfile").exists()
