"""What the load test's visitors do (run by bench/load.py, which writes the plan: LOAD_PLAN).

Three kinds of visitor: the public (2 in 5), reading a published month's table with its funnel
plot and now and then downloading its PDF report; regulators (1 in 5), on the supervision
dashboard, its chart and its warnings file; and institution managers (2 in 5), who log in,
fill in their own assessment a principle at a time (the page, then the form posted back with
some answers changed), download its PDF report, and sometimes log out and in again. Every
manager has their own institution and assessment, so no save meets another's: a conflict
counts as an error.
Logins use the right password only: django-axes locks 127.0.0.1 after five failures.
"""

import itertools
import json
import os
import random
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlparse

from locust import HttpUser, between, events, tag, task
from locust.exception import StopUser

PLAN = json.loads(Path(os.environ["LOAD_PLAN"]).read_text(encoding="utf-8"))
MONTH_URL = f"/index/{PLAN['kind']}/{PLAN['month']}/"
DASHBOARD_URL = "/supervision/"
ACCOUNTS = itertools.cycle(PLAN["managers"])
# Seconds a visitor spends on a page before the next action: "low,high" (bench/load.py sets it).
WAIT = [float(value) for value in os.environ.get("LOAD_WAIT", "2,8").split(",")]
COMMENTS = ["Siyasət sənədi, bölmə 2.", "Təlim qeydləri, 2026.", "Şikayət reyestri, s. 4."]


@events.init.add_listener
def only_this_machine(environment, **_kwargs) -> None:
    if urlparse(environment.host or "").hostname != "127.0.0.1":
        raise SystemExit(f"The load test runs against 127.0.0.1 only, not {environment.host!r}.")


class FormReader(HTMLParser):
    """The fields of every <form> on a page, as a browser would send them (no files)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[dict] = []
        self._textarea: str | None = None

    def handle_starttag(self, element: str, attrs: list) -> None:
        attributes = dict(attrs)
        if element == "form":
            self.forms.append({"fields": {}, "choices": {}})
        elif not self.forms or "name" not in attributes:
            return
        elif element == "input":
            form, name = self.forms[-1], attributes["name"]
            kind = attributes.get("type", "text")
            if kind == "radio":
                form["choices"].setdefault(name, []).append(attributes.get("value", ""))
                if "checked" in attributes:
                    form["fields"][name] = attributes.get("value", "")
            elif kind in {"hidden", "text", "password"}:
                form["fields"][name] = attributes.get("value", "")
        elif element == "textarea":
            self._textarea = attributes["name"]
            self.forms[-1]["fields"][self._textarea] = ""

    def handle_data(self, data: str) -> None:
        if self._textarea:
            self.forms[-1]["fields"][self._textarea] += data

    def handle_endtag(self, element: str) -> None:
        if element == "textarea" and self._textarea:
            fields = self.forms[-1]["fields"]
            # A browser drops the newline that follows <textarea>.
            fields[self._textarea] = fields[self._textarea].removeprefix("\n")
            self._textarea = None


def forms_of(html: str) -> list[dict]:
    reader = FormReader()
    reader.feed(html)
    return reader.forms


class Public(HttpUser):
    weight = 2
    wait_time = between(*WAIT)

    @task(10)
    def month_table(self) -> None:
        self.client.get(MONTH_URL, name="/index/[kind]/[month]/")
        # A browser then loads the page's funnel plot.
        self.client.get(
            f"{MONTH_URL}funnel.svg?revision=1", name="/index/[kind]/[month]/funnel.svg"
        )

    @tag("report")
    @task(1)
    def month_report(self) -> None:
        pdf_get(self.client, f"{MONTH_URL}report.pdf", "/index/[kind]/[month]/report.pdf")


class SignedIn(HttpUser):
    """A visitor who logs in first (``username``, set by ``on_start``)."""

    abstract = True
    wait_time = between(*WAIT)
    username = ""

    def log_in(self) -> None:
        with self.client.get("/accounts/login/", name="/accounts/login/", catch_response=True) as r:
            token = next((f["fields"].get("csrfmiddlewaretoken") for f in forms_of(r.text)), None)
            if r.status_code != 200 or not token:
                r.failure(f"no login form ({r.status_code})")
                raise StopUser
        data = {
            "csrfmiddlewaretoken": token,
            "username": self.username,
            "password": PLAN["password"],
        }
        with self.client.post(
            "/accounts/login/",
            data=data,
            name="/accounts/login/ (log in)",
            allow_redirects=False,
            catch_response=True,
        ) as r:
            if r.status_code != 302:
                # Never try again: five failures would lock every visitor of 127.0.0.1 out.
                r.failure(f"login refused ({r.status_code})")
                raise StopUser
        self.client.get(r.headers["Location"], name="/ (home)")


class Manager(SignedIn):
    weight = 2

    def on_start(self) -> None:
        account = next(ACCOUNTS)
        self.username = account["username"]
        self.assessment = account["assessment"]
        self.log_in()

    @task(10)
    def fill_in_and_save(self) -> None:
        number = random.choice(PLAN["principles"])
        url = f"/assessments/{self.assessment}/principles/{number}/"
        with self.client.get(
            url, name="/assessments/[id]/principles/[n]/", catch_response=True
        ) as r:
            form = next((f for f in forms_of(r.text) if f["choices"]), None)
            if r.status_code != 200 or form is None:
                r.failure(f"no answers form ({r.status_code})")
                return
        data = dict(form["fields"])
        for name, values in form["choices"].items():
            if random.random() < 0.3:
                data[name] = random.choice(values)
                comment = name.replace("-response", "-comment")
                data[comment] = random.choice(COMMENTS)
        with self.client.post(
            url,
            data=data,
            name="/assessments/[id]/principles/[n]/ (save)",
            allow_redirects=False,
            catch_response=True,
        ) as r:
            if r.status_code != 302 or r.headers.get("Location") != url:
                r.failure(f"not saved ({r.status_code}): a conflict or a refused answer")

    @tag("report")
    @task(1)
    def report(self) -> None:
        pdf_get(
            self.client,
            f"/assessments/{self.assessment}/report.pdf",
            "/assessments/[id]/report.pdf",
        )

    @tag("login")
    @task(1)
    def log_out_and_in(self) -> None:
        token = self.client.cookies.get("csrftoken")
        with self.client.post(
            "/accounts/logout/",
            data={"csrfmiddlewaretoken": token},
            name="/accounts/logout/",
            allow_redirects=False,
            catch_response=True,
        ) as r:
            if r.status_code != 302:
                r.failure(f"logout refused ({r.status_code})")
        self.log_in()


class Regulator(SignedIn):
    """A supervisor: the dashboard (zone map over twelve published months, warnings, claims
    against complaints), its quadrant chart and the warnings as CSV."""

    weight = 1

    def on_start(self) -> None:
        self.username = PLAN["regulator"]
        self.log_in()

    @task(10)
    def dashboard(self) -> None:
        with self.client.get(DASHBOARD_URL, name=DASHBOARD_URL, catch_response=True) as r:
            if r.status_code != 200 or "<table" not in r.text:
                r.failure(f"no zone map ({r.status_code})")

    @task(3)
    def quadrant_chart(self) -> None:
        url = f"{DASHBOARD_URL}{PLAN['kind']}/quadrant.svg"
        self.client.get(url, name=f"{DASHBOARD_URL}[kind]/quadrant.svg")

    @task(1)
    def warnings_csv(self) -> None:
        url = f"{DASHBOARD_URL}{PLAN['kind']}/warnings.csv"
        self.client.get(url, name=f"{DASHBOARD_URL}[kind]/warnings.csv")


def pdf_get(client, url: str, name: str) -> None:
    with client.get(url, name=name, catch_response=True) as r:
        if r.status_code != 200 or not r.content.startswith(b"%PDF"):
            r.failure(f"no PDF ({r.status_code}, {r.headers.get('Content-Type')})")
