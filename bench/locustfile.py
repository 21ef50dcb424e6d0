"""A mix of pages under load, through gunicorn (make bench-load, bench/load.sh).

Each simulated person signs in as one of the demo users of `manage.py seed_demo` and opens the
pages that role opens during a working day, weighted by how often. Ids of households and
projects are read from the lists the person sees, as a browser would follow links.
"""

from __future__ import annotations

import json
import os
import random
import re
from pathlib import Path

from locust import HttpUser, between, events, task

PASSWORD = "giamngheo@2026"  # giamngheo/management/commands/seed_demo.py DEMO_PASSWORD
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
SEARCHES = ["nguyen van", "tran thi", "le", "pham van an", "hoang", "thuong"]
# Bounded in count as well as in time (-t): the run stops after this many requests.
MAX_REQUESTS = int(os.environ.get("LOAD_MAX_REQUESTS", "0"))
_sent = 0
# {"cookie": name, "sessions": {username: session key}} written by bench/load.sh
SESSIONS = (
    json.loads(Path(os.environ["LOAD_SESSIONS"]).read_text()) if os.environ.get("LOAD_SESSIONS") else None
)


@events.request.add_listener
def _count(**kwargs) -> None:
    global _sent
    _sent += 1
    if MAX_REQUESTS and _sent == MAX_REQUESTS:
        _environment.runner.quit()


_environment = None


@events.init.add_listener
def _keep(environment, **kwargs) -> None:
    global _environment
    _environment = environment


class Person(HttpUser):
    abstract = True
    username = ""
    wait_time = between(0.5, 2)

    def on_start(self) -> None:
        if SESSIONS:
            # signed in before the run (bench/load.sh): the run measures pages, not PBKDF2
            self.client.cookies.set(SESSIONS["cookie"], SESSIONS["sessions"][self.username])
        else:
            self.sign_in()
        self.households = self.ids("/ho/", r'href="/ho/(\d+)/"', "household list")
        self.projects = self.ids("/du-an/", r'href="/du-an/(\d+)/"', "project list")

    def sign_in(self) -> None:
        page = self.client.get("/dang-nhap/", name="login page")
        token = CSRF.search(page.text).group(1)
        answer = self.client.post(
            "/dang-nhap/",
            {"username": self.username, "password": PASSWORD, "csrfmiddlewaretoken": token},
            headers={"Referer": f"{self.host}/dang-nhap/"},
            name="login",
        )
        if "/dang-nhap/" in answer.url:
            raise RuntimeError(f"{self.username} could not sign in")

    def ids(self, url: str, pattern: str, name: str) -> list[str]:
        return sorted(set(re.findall(pattern, self.client.get(url, name=name).text)))

    def open_household(self) -> None:
        if self.households:
            self.client.get(f"/ho/{random.choice(self.households)}/", name="household page")

    def open_project(self) -> None:
        if self.projects:
            self.client.get(f"/du-an/{random.choice(self.projects)}/", name="project page")


class CommuneOfficer(Person):
    """Cán bộ xã: looks households up, opens them, follows projects."""

    weight = 3
    username = "canbo.xa"

    @task(4)
    def search(self) -> None:
        self.client.get("/ho/", params={"q": random.choice(SEARCHES)}, name="household search")

    @task(3)
    def household(self) -> None:
        self.open_household()

    @task(2)
    def household_list(self) -> None:
        self.client.get("/ho/", params={"page": random.randint(1, 5)}, name="household list")

    @task(2)
    def project(self) -> None:
        self.open_project()

    @task(1)
    def projects(self) -> None:
        self.client.get("/du-an/", name="project list")

    @task(1)
    def home(self) -> None:
        self.client.get("/", name="home")


class VillageHead(Person):
    """Trưởng thôn: his village's households and the work waiting for him."""

    weight = 2
    username = "truongthon.hathuong"

    @task(3)
    def household_list(self) -> None:
        self.client.get("/ho/", name="household list")

    @task(3)
    def household(self) -> None:
        self.open_household()

    @task(2)
    def work(self) -> None:
        self.client.get("/kiem-tra/", name="inspection work list")

    @task(1)
    def home(self) -> None:
        self.client.get("/", name="home")


class Leader(Person):
    """Chủ tịch xã and the province: dashboards and the component table."""

    weight = 1
    username = "chutich.xa"

    @task(3)
    def dashboard(self) -> None:
        self.client.get("/bao-cao/tong-quan/", name="dashboard")

    @task(1)
    def bieu_02(self) -> None:
        self.client.get("/bao-cao/bang/bieu-02/", name="Biểu 02")

    @task(1)
    def project(self) -> None:
        self.open_project()
