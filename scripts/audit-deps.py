"""Fail if a pinned requirement has a known vulnerability (CI step; `make audit`).

pip-audit reads the exact pins of requirements.txt and requirements-dev.txt without building an
environment (`--no-deps --disable-pip`: every dependency is pinned there too) and asks PyPI's
vulnerability service about each release.

Some networks (the project's build machines among them) reach PyPI's per-project JSON but not
the per-release one pip-audit asks, so pip-audit skips the package. For those we ask the
per-project JSON, whose `vulnerabilities` describe the latest release: when our pin is that
release, the answer is exact. A pin older than the latest release that could not be audited
is listed; `--strict` makes that fail too.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REQUIREMENTS = ["requirements.txt", "requirements-dev.txt"]
NOT_FOUND = "Dependency not found on PyPI"


def pins() -> dict[str, str]:
    found: dict[str, str] = {}
    for name in REQUIREMENTS:
        for line in (ROOT / name).read_text().splitlines():
            line = line.split("#", 1)[0].strip()
            if "==" in line and not line.startswith("-"):
                package, version = line.split("==", 1)
                found[normalise(package.split("[", 1)[0])] = version.strip()
    return found


def normalise(name: str) -> str:
    return name.lower().replace("_", "-").replace(".", "-")


def run_pip_audit() -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "audit.json"
        command = [sys.executable, "-m", "pip_audit", "--vulnerability-service", "pypi", "--no-deps"]
        command += ["--disable-pip", "--progress-spinner", "off", "--format", "json", "--output", str(out)]
        for name in REQUIREMENTS:
            command += ["-r", str(ROOT / name)]
        result = subprocess.run(command, capture_output=True, text=True, check=False)
        if not out.exists():
            sys.exit(f"pip-audit did not run:\n{result.stderr}")
        return json.loads(out.read_text())


def latest_release_vulnerabilities(package: str) -> tuple[str, list[dict]]:
    with urllib.request.urlopen(f"https://pypi.org/pypi/{package}/json", timeout=30) as response:
        data = json.load(response)
    live = [v for v in data.get("vulnerabilities", []) if not v.get("withdrawn")]
    return data["info"]["version"], live


def main(strict: bool) -> int:
    report = run_pip_audit()
    pinned = pins()
    found: list[tuple[str, str, str, list[str]]] = []
    unaudited: list[tuple[str, str, str]] = []
    audited = 0
    for dep in report["dependencies"]:
        name = normalise(dep["name"])
        if "skip_reason" not in dep:
            audited += 1
            found += [(name, dep["version"], v["id"], v.get("fix_versions", [])) for v in dep["vulns"]]
            continue
        version = pinned.get(name, "?")
        if NOT_FOUND not in dep["skip_reason"]:
            unaudited.append((name, version, dep["skip_reason"]))
            continue
        latest, vulns = latest_release_vulnerabilities(name)
        if latest != version:
            unaudited.append((name, version, f"only the latest release ({latest}) could be checked"))
            continue
        audited += 1
        found += [(name, version, v["id"], v.get("fixed_in", [])) for v in vulns]

    print(f"Audited {audited} pinned packages against PyPI's vulnerability data.")
    for name, version, reason in unaudited:
        print(f"  not audited: {name}=={version}: {reason}")
    for name, version, vuln_id, fixes in found:
        print(f"  VULNERABLE: {name}=={version} {vuln_id} (fixed in: {', '.join(fixes) or 'no release yet'})")
    if found:
        return 1
    if unaudited and strict:
        return 1
    print("No known vulnerability in the pinned requirements.")
    return 0


if __name__ == "__main__":
    sys.exit(main(strict="--strict" in sys.argv[1:]))
