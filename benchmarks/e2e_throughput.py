"""End to end: signed `/verwijs` requests through gunicorn versus a bare Bolt app that only acks.

One run:
  1. a temporary SQLite database (or --database-url), migrated, seeded with one network for team
     TBENCH (Borgerhout, channel CBENCH) holding 1,000 offerings of ~60 organisations (seeded random);
  2. the fake Slack Web API (tests/fake_slack.py) answers the lazy auth.test with team TBENCH;
  3. Lerend Netwerk (`plugin.wsgi:app`) and benchmarks/bare_bolt_app.py, each under gunicorn with
     2 workers, gthread, 4 threads (as `lerend-netwerk serve` runs it), no access log;
  4. 16 keep-alive connections per side send signed `/verwijs` slash commands (~30 realistic
     questions): `wrk` with a Lua script cycling through pre-signed bodies when it is installed
     (`apt-get install -y wrk`), else a multi-process Python client signing every request;
     each side is warmed up (a new connection per request, so every worker builds its search index),
     left idle for --settle seconds, then measured for --seconds, one side after the other;
  5. prints requests, req/s, p50/p95/p99 for both sides, the throughput ratio (app/bare) and the
     app's p99 against the targets (ratio >= 0.5, p99 <= 30 ms), plus the workers' CPU per request and
     how it split over the workers (keep-alive connections stay on the worker that accepted them).
     Numbers only; nothing asserts.

Run:  .venv/bin/python benchmarks/e2e_throughput.py [--seconds 10] [--warmup 2] [--connections 16]
      [--database-url postgresql://…] [--client auto|wrk|python]
"""

from __future__ import annotations

import argparse
import hashlib
import hmac
import http.client
import json
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

SIGNING_SECRET = "bench-signing-secret"
BOT_TOKEN = "xoxb-bench"
TEAM_ID = "TBENCH"
CHANNEL_ID = "CBENCH"
NEIGHBOURHOOD = "Borgerhout"
COORDINATOR = "UBENCH00"
USERS = [f"UBENCH{i:02d}" for i in range(8)]
HOST = "127.0.0.1"
TARGET_RATIO = 0.5
TARGET_P99_MS = 30.0

QUERIES = [
    "laptop lenen",
    "hulp bij itsme",
    "woensdagnamiddag computerles",
    "iemand die arabisch spreekt voor mails",
    "tablet voor mijn moeder",
    "cursus smartphone voor senioren",
    "hulp met tax-on-web",
    "belastingbrief invullen",
    "cv maken en online solliciteren",
    "smartschool voor ouders",
    "goedkoop internet thuis",
    "rare sms gekregen phishing",
    "afspraak bij de huisarts online maken",
    "digitale basisvaardigheden voor beginners",
    "e-mailadres aanmaken",
    "whatsapp leren gebruiken",
    "computerles in het turks",
    "dinsdagavond pc cursus",
    "hulp bij formulieren van het ocmw",
    "kinderen veilig online",
    "jongeren huiswerk computer",
    "op zaterdag digicafé",
    "pincode van mijn eid kwijt",
    "online bankieren leren",
    "vdab account aanmaken",
    "studietoelage aanvragen",
    "nu open hulp met gsm",
    "franstalige hulp voor itsme",
    "mijn gezondheid app installeren",
    "loodgieter voor een lekkende kraan",
]

# -- the seeded social map --------------------------------------------------------------------------
_AREAS = [  # (area, postal code, weight): most partners work in the network's own neighbourhood
    ("Borgerhout", "2140", 10),
    ("Deurne", "2100", 3),
    ("Berchem", "2600", 2),
    ("Antwerpen", "2060", 2),
    ("Zurenborg", "2018", 1),
    ("Merksem", "2170", 1),
    ("Kiel", "2020", 1),
    ("Hoboken", "2660", 1),
]
_ORG_KINDS = [
    ("Bibliotheek", "bibliotheek"),
    ("Digipunt", "stadsdienst"),
    ("Lokaal dienstencentrum", "dienstencentrum"),
    ("Buurtwerk", "buurtwerk"),
    ("CAW onthaal", "caw"),
    ("Sociaal Huis", "ocmw"),
    ("Jeugdhuis", "jeugdwerk"),
    ("Huis van het Kind", "gezin"),
    ("Atlas inburgering", "inburgering"),
    ("VDAB werkwinkel", "werk"),
    ("vzw Digidak", "vzw"),
    ("Basiseducatie", "onderwijs"),
    ("Wijkgezondheidscentrum", "gezondheid"),
    ("Seniorenraad", "vereniging"),
    ("Vrouwenvereniging", "vereniging"),
]
# Per category: topics for names and sentences for descriptions (Dutch, as partners write them).
_TOPICS: dict[str, tuple[list[str], list[str]]] = {
    "toestel-en-internet": (
        ["laptop ontlenen", "tablet lenen", "computer herstellen", "goedkoop internet", "wifi thuis", "tweedehands pc"],
        [
            "Leen een laptop of tablet voor drie weken met je bibkaart.",
            "We kijken je computer na en helpen als hij traag is of niet opstart.",
            "We zoeken samen een goedkoop internetabonnement of sociaal tarief.",
            "Gerecupereerde laptops voor gezinnen met een klein budget.",
        ],
    ),
    "basisvaardigheden": (
        ["computerles", "digicafé", "e-mail voor beginners", "pc-cursus", "werken met Word", "internet ontdekken"],
        [
            "Leer stap voor stap werken met de computer: muis, toetsenbord, mappen en bestanden.",
            "Een e-mailadres aanmaken, mails lezen en een bijlage versturen.",
            "Vrije inloop: breng je vraag mee, een vrijwilliger zit naast je.",
            "Kleine groepen, op je eigen tempo, geen voorkennis nodig.",
        ],
    ),
    "smartphone-en-apps": (
        ["smartphonecursus", "gsm-spreekuur", "WhatsApp leren", "apps installeren", "tablet voor beginners"],
        [
            "Hulp met je smartphone: instellingen, foto's, WhatsApp en apps installeren.",
            "Je gsm is nieuw of doet raar? Kom langs met je toestel en je pincode.",
            "Leer videobellen met familie in het buitenland.",
        ],
    ),
    "e-overheid-en-itsme": (
        ["hulp bij itsme", "eID en pincode", "e-loket", "Tax-on-web", "Mijn Burgerprofiel", "attesten downloaden"],
        [
            "We helpen je itsme te installeren en te koppelen aan je eID.",
            "Online attesten aanvragen bij de stad en het e-loket gebruiken.",
            "Hulp bij je belastingaangifte via Tax-on-web of MyMinfin.",
            "Pincode of pukcode van je identiteitskaart kwijt? We zoeken samen een oplossing.",
        ],
    ),
    "administratie-en-formulieren": (
        ["hulp bij formulieren", "papierenwinkel", "administratie-spreekuur", "brieven begrijpen", "energiefactuur"],
        [
            "Samen je brieven en formulieren doornemen en online invullen.",
            "Hulp met je energiefactuur, huurpremie of studietoelage.",
            "Onthaal zonder afspraak voor vragen over papieren en online diensten.",
        ],
    ),
    "school-en-ouders": (
        ["Smartschool voor ouders", "ouders en schoolapps", "huiswerkbegeleiding", "inschrijven in de school"],
        [
            "Leer Smartschool en de schoolapps gebruiken om berichten van de leerkracht te lezen.",
            "Hulp bij het online inschrijven van je kind in een school.",
            "Ouders leren samen hoe ze hun kinderen online kunnen volgen.",
        ],
    ),
    "werk-en-solliciteren": (
        ["cv maken", "online solliciteren", "VDAB-account", "jobzoeken op de computer", "sollicitatiebrief"],
        [
            "We maken samen je cv en je account bij VDAB.",
            "Leer vacatures zoeken en online solliciteren met een mooie motivatiebrief.",
            "Oefen een sollicitatiegesprek via video.",
        ],
    ),
    "veiligheid-online": (
        ["veilig online", "phishing herkennen", "sterke wachtwoorden", "oplichting via sms"],
        [
            "Leer valse berichten, phishing en oplichting herkennen.",
            "Sterke wachtwoorden en een wachtwoordmanager instellen.",
            "Wat doe je als je op een vreemde link hebt geklikt?",
        ],
    ),
    "gezondheid-online": (
        ["Mijn Gezondheid", "afspraak bij de dokter online", "gezondheidsapps", "digitaal voorschrift"],
        [
            "Hulp met de app Mijn Gezondheid en je digitale voorschriften.",
            "Online een afspraak maken bij je huisarts of in het ziekenhuis.",
        ],
    ),
    "taal-en-digitaal": (
        ["Nederlands oefenen met de computer", "taalcafé digitaal", "oefenen met apps voor Nederlands"],
        [
            "Oefen Nederlands met apps en websites, samen met een taalbuddy.",
            "Voor anderstaligen: computerles in eenvoudig Nederlands.",
        ],
    ),
    "jongeren": (
        ["gamen en programmeren", "jongeren en sociale media", "huiswerkklas met laptops"],
        [
            "Jongeren tussen 12 en 18 leren programmeren en veilig omgaan met sociale media.",
            "Een plek om na school je huiswerk op de computer te maken.",
        ],
    ),
    "senioren": (
        ["digitaal voor senioren", "tablet voor 65-plussers", "seniorennet-club", "videobellen voor grootouders"],
        [
            "Rustige les voor senioren: tablet, e-mail en foto's van de kleinkinderen.",
            "Vrijwilligers helpen ouderen thuis met hun toestel.",
        ],
    ),
}
_FORMATS = ["", "", "", "Cursus", "Workshop", "Spreekuur", "Inloop", "Lessenreeks", "Infosessie", "Oefenmoment"]
_FILLER = [
    "Vrijwilligers helpen je stap voor stap.",
    "Je kan langskomen zonder afspraak of vooraf bellen.",
    "We werken in kleine groepen en nemen de tijd voor je vragen.",
    "Koffie staat klaar.",
    "Breng je eigen toestel mee als je er een hebt.",
    "Ook voor wie nog nooit een computer gebruikte.",
    "De lokalen zijn rolstoeltoegankelijk.",
]
_LANGUAGE_CODES = ["fr", "en", "ar", "tr", "ber", "es", "pl", "ro", "ru", "uk", "so", "ti", "prs", "ps"]
_STREETS = ["Turnhoutsebaan", "Kerkstraat", "Carnotstraat", "Kroonstraat", "De Bosschaertstraat", "Herentalsebaan"]


def seed_network(database_url: str, offerings: int, organisations: int, seed: int) -> str:
    """Migrate, then create (once) the TBENCH network with its offerings in one transaction."""
    from domain.vocabulary_nl import CATEGORIES, TARGET_GROUPS
    from storage import catalog, migrate
    from storage.db import Database
    from storage.models import Offering
    from storage.networks import create_network, ensure_member, find_network_by_name

    migrate.upgrade(database_url)
    rng = random.Random(seed)
    db = Database(database_url)
    try:
        with db.transaction() as session:
            existing = find_network_by_name(session, TEAM_ID, None)
            if existing is not None:
                count = sum(1 for o in catalog.offerings(session, existing.id) if o.network_id == existing.id)
                return f"reusing network {existing.id} of team {TEAM_ID} ({count} offerings already in the database)"
            network = create_network(
                session,
                team_id=TEAM_ID,
                name="Lerend netwerk Borgerhout",
                coordinator_user_id=COORDINATOR,
                channel_id=CHANNEL_ID,
                neighbourhood=NEIGHBOURHOOD,
            )
            for user_id in USERS:  # the people sending /verwijs are known members, as in real use
                ensure_member(session, network, user_id)
            areas = [a for a, _pc, w in _AREAS for _ in range(w)]
            postal = {a: pc for a, pc, _w in _AREAS}
            orgs = []
            names: set[str] = set()
            while len(orgs) < organisations:
                label, kind = rng.choice(_ORG_KINDS)
                area = rng.choice(areas)
                name = f"{label} {area}" if label not in names or rng.random() < 0.5 else f"{label} {area} {len(orgs)}"
                if name in names:
                    continue
                names.add(name)
                city_wide = kind in ("werk", "inburgering") or rng.random() < 0.1
                org = catalog.get_or_create_organisation(session, network.id, name, kind)
                orgs.append((org, None if city_wide else area))
            slugs = list(CATEGORIES)
            groups = list(TARGET_GROUPS)
            for i in range(offerings):
                org, area = rng.choice(orgs)
                cats = rng.sample(slugs, k=rng.choice((1, 1, 2)))
                topics, sentences = _TOPICS[cats[0]]
                topic = rng.choice(topics)
                fmt = rng.choice(_FORMATS)
                name = f"{fmt} {topic}".strip()
                name = name[0].upper() + name[1:]
                description = " ".join(
                    [rng.choice(sentences)]
                    + ([rng.choice(_TOPICS[cats[1]][1])] if len(cats) > 1 else [])
                    + rng.sample(_FILLER, k=rng.choice((1, 2)))
                )
                languages = ["nl", *rng.sample(_LANGUAGE_CODES, k=rng.choice((0, 0, 1, 2)))]
                openings = []
                for day in sorted(rng.sample(range(6), k=rng.choice((0, 1, 1, 2, 3)))):
                    start = rng.choice((9, 10, 13, 14, 18))
                    minute = rng.choice(("00", "30"))
                    end = start + rng.choice((2, 3, 4))
                    openings.append([day, f"{start:02d}:{minute}", f"{end:02d}:{minute}"])
                appointment = not openings or rng.random() < 0.25
                at_home = rng.random() < 0.05
                online = not at_home and rng.random() < 0.08
                place = area or "Antwerpen"
                catalog.add_offering(
                    session,
                    network.id,
                    org,
                    hsds_id="",
                    name=name,
                    description=description,
                    categories=cats,
                    target_groups=rng.sample(groups, k=rng.choice((0, 0, 0, 1))),
                    languages=languages,
                    openings=openings,
                    by_appointment=appointment,
                    location_kind="at_home" if at_home else "online" if online else "address",
                    location_name=None if (at_home or online) else org.name,
                    address=None if (at_home or online) else f"{rng.choice(_STREETS)} {rng.randint(1, 250)}",
                    postal_code=postal.get(place, "2000"),
                    city="Antwerpen",
                    area=area,
                    fees=rng.choice(("Gratis", "Gratis", "Gratis", "€ 2 per les", "€ 15 voor de reeks")),
                    access="appointment" if appointment else rng.choice(("walk_in", "walk_in", "referral")),
                    eligibility=rng.choice((None, None, "Inwoners van Antwerpen", "Met een verwijzing van het OCMW")),
                    contact_email=f"digitaal{i}@voorbeeld.be",
                    contact_phone=f"03 {rng.randint(200, 999)} {rng.randint(10, 99)} {rng.randint(10, 99)}",
                    url=None,
                    status=rng.choices(("active", "paused", "ended"), weights=(94, 3, 3))[0],
                )
            count = session.query(Offering).filter(Offering.network_id == network.id).count()
            return f"seeded network {network.id} of team {TEAM_ID}: {count} offerings, {len(orgs)} organisations"
    finally:
        db.dispose()


# -- signed requests ------------------------------------------------------------------------------
def command_body(query: str, user: str, n: int, response_url: str) -> str:
    """A slash command body as Slack sends it (same fields as tests/slack_driver.py's `command()`)."""
    return urlencode(
        {
            "token": "legacy",
            "team_id": TEAM_ID,
            "team_domain": "wijk-tbench",
            "channel_id": CHANNEL_ID,
            "channel_name": "lerend-netwerk",
            "user_id": user,
            "user_name": user.lower(),
            "command": "/verwijs",
            "text": query,
            "api_app_id": "A1",
            "response_url": response_url,
            "trigger_id": f"trig-{n}",
        }
    )


def body_pool(response_url: str, seed: int) -> list[str]:
    rng = random.Random(seed)
    bodies = [command_body(q, u, n, response_url) for n, (q, u) in enumerate((q, u) for q in QUERIES for u in USERS)]
    rng.shuffle(bodies)
    return bodies


def sign(body: str, timestamp: str) -> str:
    """Slack's v0 signature; identical to slack_sdk's SignatureVerifier.generate_signature."""
    digest = hmac.new(SIGNING_SECRET.encode(), f"v0:{timestamp}:{body}".encode(), hashlib.sha256).hexdigest()
    return f"v0={digest}"


def signed_headers(body: str) -> dict[str, str]:
    ts = str(int(time.time()))
    return {
        "Content-Type": "application/x-www-form-urlencoded",
        "X-Slack-Request-Timestamp": ts,
        "X-Slack-Signature": sign(body, ts),
    }


# -- servers --------------------------------------------------------------------------------------
def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return int(s.getsockname()[1])


def _cpu_seconds(pid: int) -> float | None:
    """User + system CPU of one process (Linux /proc); None where that is not available."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return None


def _children(pid: int) -> list[int]:
    """The gunicorn workers: processes whose parent is the master (Linux /proc)."""
    found = []
    try:
        entries = [e for e in os.listdir("/proc") if e.isdigit()]
    except OSError:
        return []
    for entry in entries[:100_000]:
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
            found.append(int(entry))
    return sorted(found)


@dataclass
class Server:
    name: str
    port: int
    log_path: Path
    proc: subprocess.Popen[bytes] | None = None
    _log: Any = field(default=None, repr=False)

    def start(self, module: str, env: dict[str, str], workers: int, extra: Sequence[str] = ()) -> None:
        argv = [
            sys.executable,
            "-m",
            "gunicorn",
            "--bind",
            f"{HOST}:{self.port}",
            "--workers",
            str(workers),
            "--worker-class",
            "gthread",
            "--threads",
            "4",
            *extra,
            module,
        ]
        self._log = open(self.log_path, "wb")  # closed in stop()
        self.proc = subprocess.Popen(
            argv, cwd=ROOT, env=env, stdout=self._log, stderr=subprocess.STDOUT, start_new_session=True
        )

    def wait_ready(self, path: str, timeout: float = 60.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc is not None and self.proc.poll() is not None:
                raise RuntimeError(f"{self.name} exited with {self.proc.returncode}:\n{self.log_tail()}")
            try:
                conn = http.client.HTTPConnection(HOST, self.port, timeout=2)
                conn.request("GET", path)
                status = conn.getresponse().status
                conn.close()
                if status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"{self.name} did not answer {path} within {timeout:.0f} s:\n{self.log_tail()}")

    def worker_cpu(self) -> dict[int, float]:
        if self.proc is None:
            return {}
        cpu = {pid: _cpu_seconds(pid) for pid in _children(self.proc.pid)}
        return {pid: c for pid, c in cpu.items() if c is not None}

    def log_tail(self, lines: int = 30) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    def stop(self) -> None:
        """TERM to the gunicorn master's process group (master and its workers), KILL if it lingers."""
        proc, self.proc = self.proc, None
        if proc is not None and proc.poll() is None:
            try:
                os.killpg(proc.pid, signal.SIGTERM)
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(timeout=5)
            except ProcessLookupError:
                pass
        if self._log is not None:
            self._log.close()
            self._log = None


@contextmanager
def terminate_as_interrupt() -> Iterator[None]:
    """SIGTERM behaves like Ctrl-C, so the `finally` blocks stop the servers and remove temp files."""

    def handler(signum: int, frame: Any) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


# -- results --------------------------------------------------------------------------------------
@dataclass
class SideResult:
    requests: int
    seconds: float
    p50: float
    p95: float
    p99: float
    mean: float
    max: float
    non_200: int = 0
    errors: int = 0
    with_blocks: int = 0
    with_results: int = 0
    worker_cpu: list[float] = field(default_factory=list)  # CPU seconds per gunicorn worker while measured

    @property
    def throughput(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    @property
    def cpu_ms_per_request(self) -> float:
        return 1000 * sum(self.worker_cpu) / self.requests if self.worker_cpu and self.requests else float("nan")

    @property
    def worker_split(self) -> str:
        total = sum(self.worker_cpu)
        return "/".join(f"{100 * c / total:.0f}" for c in self.worker_cpu) + " %" if total else "n/a"


def percentile(ordered: Sequence[float], p: float) -> float:
    if not ordered:
        return float("nan")
    k = max(0, min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1))))
    return ordered[k]


# -- load with wrk --------------------------------------------------------------------------------
WRK_LUA = r"""
-- Cycles through pre-signed /verwijs requests (args: requests file, Host header, "close" for a new
-- connection per request) and counts the answers.
local threads = {}
local created = 0

function setup(thread)
  created = created + 1
  thread:set("tid", created)
  table.insert(threads, thread)
end

function init(args)
  reqs = {}
  n = 0
  for line in io.lines(args[1]) do
    local ts, sig, body = line:match("^([^\t]*)\t([^\t]*)\t(.*)$")
    if body then
      n = n + 1
      local headers = {
        ["Host"] = args[2],
        ["Content-Type"] = "application/x-www-form-urlencoded",
        ["X-Slack-Request-Timestamp"] = ts,
        ["X-Slack-Signature"] = sig,
      }
      if args[3] == "close" then headers["Connection"] = "close" end
      reqs[n] = wrk.format("POST", "/slack/events", headers, body)
    end
  end
  i = ((tid or 1) * 37) % n
  ok200 = 0
  non200 = 0
  with_blocks = 0
  with_results = 0
end

function request()
  i = i % n + 1
  return reqs[i]
end

function response(status, headers, body)
  if status == 200 then ok200 = ok200 + 1 else non200 = non200 + 1 end
  if body and body:find('"blocks"', 1, true) then with_blocks = with_blocks + 1 end
  if body and body:find('"verwijs_refer"', 1, true) then with_results = with_results + 1 end
end

function done(summary, latency, requests)
  local t = {ok200 = 0, non200 = 0, with_blocks = 0, with_results = 0}
  for _, thread in ipairs(threads) do
    for k, _ in pairs(t) do t[k] = t[k] + (thread:get(k) or 0) end
  end
  local e = summary.errors
  io.write(string.format(
    'BENCH_RESULT {"requests": %d, "duration_us": %d, "p50": %d, "p95": %d, "p99": %d, "mean": %f, "max": %d, '
      .. '"connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d, '
      .. '"ok200": %d, "non200": %d, "with_blocks": %d, "with_results": %d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95), latency:percentile(99),
    latency.mean, latency.max, e.connect, e.read, e.write, e.status, e.timeout,
    t.ok200, t.non200, t.with_blocks, t.with_results))
end
"""


def run_wrk(
    wrk: str,
    port: int,
    bodies: Sequence[str],
    workdir: Path,
    connections: int,
    threads: int,
    seconds: float,
    *,
    close: bool = False,
) -> SideResult:
    script = workdir / "verwijs.lua"
    script.write_text(WRK_LUA)
    requests_file = workdir / f"requests-{port}.tsv"
    ts = str(int(time.time()))  # fresh for this run: Bolt accepts timestamps up to 5 minutes old
    requests_file.write_text("".join(f"{ts}\t{sign(b, ts)}\t{b}\n" for b in bodies))
    argv = [
        wrk,
        f"-t{threads}",
        f"-c{connections}",
        f"-d{max(1, round(seconds))}s",
        "--timeout",
        "10s",
        "-s",
        str(script),
        f"http://{HOST}:{port}/slack/events",
        "--",
        str(requests_file),
        f"{HOST}:{port}",
        "close" if close else "keep-alive",
    ]
    done = subprocess.run(argv, capture_output=True, text=True, timeout=seconds + 60, check=False)
    line = next((ln for ln in done.stdout.splitlines() if ln.startswith("BENCH_RESULT ")), None)
    if line is None:
        raise RuntimeError(f"wrk gave no result (exit {done.returncode}):\n{done.stdout}\n{done.stderr}")
    r = json.loads(line[len("BENCH_RESULT ") :])
    return SideResult(
        requests=r["requests"],
        seconds=r["duration_us"] / 1e6,
        p50=r["p50"] / 1000,
        p95=r["p95"] / 1000,
        p99=r["p99"] / 1000,
        mean=r["mean"] / 1000,
        max=r["max"] / 1000,
        non_200=r["non200"],
        errors=r["connect"] + r["read"] + r["write"] + r["timeout"],
        with_blocks=r["with_blocks"],
        with_results=r["with_results"],
    )


# -- load with Python (fallback) -------------------------------------------------------------------
def _python_client_process(
    port: int, bodies: list[str], connections: int, start_at: float, warmup: float, seconds: float, offset: int
) -> dict[str, Any]:
    """One process of the fallback client: `connections` threads, one keep-alive connection each.

    Requests sent after start_at + warmup and completed by start_at + warmup + seconds are
    measured; every request is signed just before it is sent.
    """
    measure_from = start_at + warmup
    end = measure_from + seconds
    lock = threading.Lock()
    out: dict[str, Any] = {"latencies": [], "non_200": 0, "errors": 0, "with_blocks": 0, "with_results": 0}

    def worker(index: int) -> None:
        conn = http.client.HTTPConnection(HOST, port, timeout=10)
        latencies: list[float] = []
        counts = {"non_200": 0, "errors": 0, "with_blocks": 0, "with_results": 0}
        i = offset + index * 37
        while time.time() < start_at:
            time.sleep(0.001)
        while time.time() < end and counts["errors"] < 1000:
            body = bodies[i % len(bodies)]
            i += 1
            started = time.time()
            t0 = time.perf_counter()
            try:
                conn.request("POST", "/slack/events", body=body.encode(), headers=signed_headers(body))
                response = conn.getresponse()
                data = response.read()
                status = response.status
            except (OSError, http.client.HTTPException):
                conn.close()
                conn = http.client.HTTPConnection(HOST, port, timeout=10)
                if measure_from <= started and time.time() <= end:
                    counts["errors"] += 1
                continue
            elapsed_ms = (time.perf_counter() - t0) * 1000
            if started < measure_from or time.time() > end:
                continue  # measured: requests sent after the warm-up that completed in the window
            latencies.append(elapsed_ms)
            counts["non_200"] += status != 200
            counts["with_blocks"] += b'"blocks"' in data
            counts["with_results"] += b'"verwijs_refer"' in data
        conn.close()
        with lock:
            out["latencies"].extend(latencies)
            for key, value in counts.items():
                out[key] += value

    threads = [threading.Thread(target=worker, args=(k,), daemon=True) for k in range(connections)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=warmup + seconds + (start_at - time.time()) + 30)
    return out


def prewarm(port: int, bodies: Sequence[str], seconds: float, threads: int = 8) -> int:
    """Warm-up for the Python client: a new connection per request, so that every worker warms up."""
    end = time.monotonic() + seconds
    sent = [0] * threads

    def worker(k: int) -> None:
        i = k * 37
        while time.monotonic() < end:
            body = bodies[i % len(bodies)]
            i += 1
            conn = http.client.HTTPConnection(HOST, port, timeout=30)
            try:
                conn.request("POST", "/slack/events", body=body.encode(), headers=signed_headers(body))
                conn.getresponse().read()
                sent[k] += 1
            except (OSError, http.client.HTTPException):
                time.sleep(0.05)
            finally:
                conn.close()

    pool = [threading.Thread(target=worker, args=(k,), daemon=True) for k in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join(timeout=seconds + 60)
    return sum(sent)


def run_python_client(
    port: int, bodies: list[str], connections: int, processes: int, warmup: float, seconds: float
) -> SideResult:
    import multiprocessing

    ctx = multiprocessing.get_context("spawn")
    processes = max(1, min(processes, connections))
    shares = [connections // processes + (k < connections % processes) for k in range(processes)]
    start_at = time.time() + 2.0  # time for the spawned interpreters to start
    args = [(port, bodies, share, start_at, warmup, seconds, k * 101) for k, share in enumerate(shares)]
    with ctx.Pool(processes) as pool:
        parts = pool.starmap(_python_client_process, args)
    latencies = sorted(x for part in parts for x in part["latencies"])
    return SideResult(
        requests=len(latencies),
        seconds=seconds,
        p50=percentile(latencies, 50),
        p95=percentile(latencies, 95),
        p99=percentile(latencies, 99),
        mean=sum(latencies) / len(latencies) if latencies else float("nan"),
        max=latencies[-1] if latencies else float("nan"),
        non_200=sum(p["non_200"] for p in parts),
        errors=sum(p["errors"] for p in parts),
        with_blocks=sum(p["with_blocks"] for p in parts),
        with_results=sum(p["with_results"] for p in parts),
    )


# -- checks ---------------------------------------------------------------------------------------
def check_answers(port: int, response_url: str) -> tuple[int, int, list[str]]:
    """Each question once: (answered with results, answered with the gap message, problems)."""
    results = gaps = 0
    problems: list[str] = []
    conn = http.client.HTTPConnection(HOST, port, timeout=30)
    try:
        for n, query in enumerate(QUERIES):
            body = command_body(query, USERS[n % len(USERS)], n, response_url)
            conn.request("POST", "/slack/events", body=body.encode(), headers=signed_headers(body))
            response = conn.getresponse()
            data = response.read()
            if response.status != 200:
                problems.append(f"{query!r}: HTTP {response.status} {data[:200]!r}")
                continue
            try:
                blocks = json.loads(data).get("blocks") or []
            except ValueError:
                problems.append(f"{query!r}: not JSON: {data[:200]!r}")
                continue
            if not blocks:
                problems.append(f"{query!r}: no blocks")
            elif b'"verwijs_refer"' in data:
                results += 1
            else:
                gaps += 1
    finally:
        conn.close()
    return results, gaps, problems


# -- main -----------------------------------------------------------------------------------------
def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=10.0, help="measured seconds per side (default 10)")
    parser.add_argument("--warmup", type=float, default=2.0, help="warm-up seconds per side (default 2)")
    parser.add_argument("--settle", type=float, default=2.0, help="idle seconds between warm-up and measurement (2)")
    parser.add_argument("--connections", type=int, default=16, help="concurrent keep-alive connections (16)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers per side (2)")
    parser.add_argument("--offerings", type=int, default=1000)
    parser.add_argument("--organisations", type=int, default=60)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--database-url", help="use this database (e.g. PostgreSQL) instead of a temp SQLite file")
    parser.add_argument("--client", choices=("auto", "wrk", "python"), default="auto", help="load generator")
    parser.add_argument("--wrk-threads", type=int, default=2)
    parser.add_argument("--client-processes", type=int, default=4, help="processes of the Python client (4)")
    args = parser.parse_args(argv)
    args.seconds = max(1.0, min(args.seconds, 600.0))
    args.warmup = max(0.0, min(args.warmup, 60.0))
    args.settle = max(0.0, min(args.settle, 60.0))

    wrk = shutil.which("wrk")
    if args.client == "wrk" and not wrk:
        parser.error("wrk is not installed (apt-get install -y wrk)")
    use_wrk = wrk is not None and args.client != "python"

    from tests.fake_slack import FakeSlack

    workdir = Path(tempfile.mkdtemp(prefix="lerend-e2e-"))
    fake: FakeSlack | None = None
    servers: list[Server] = []
    try:
        with terminate_as_interrupt():
            database_url = args.database_url or f"sqlite:///{workdir / 'bench.sqlite3'}"
            t0 = time.perf_counter()
            print(seed_network(database_url, args.offerings, args.organisations, args.seed), end="")
            print(f" ({time.perf_counter() - t0:.1f} s)")

            fake = FakeSlack()
            fake.team_id, fake.team_name = TEAM_ID, "Wijk Bench"
            fake.start()
            response_url = fake.response_url("bench")

            env = {k: v for k, v in os.environ.items() if k not in ("WEB_CONCURRENCY", "GUNICORN_CMD_ARGS")}
            env.update(
                SLACK_SIGNING_SECRET=SIGNING_SECRET,
                SLACK_BOT_TOKEN=BOT_TOKEN,
                SLACK_API_URL=fake.api_url,
                DATABASE_URL=database_url,
                LEREND_NETWERK_INSTANCE=str(workdir / "instance"),
            )
            for key in ("SLACK_CLIENT_ID", "SLACK_CLIENT_SECRET"):
                env.pop(key, None)
            bare = Server("bare Bolt", free_port(), workdir / "bare.log")
            app = Server("Lerend Netwerk", free_port(), workdir / "app.log")
            servers += [bare, app]
            bare.start("bare_bolt_app:app", env, args.workers, ["--pythonpath", str(ROOT / "benchmarks")])
            app.start("plugin.wsgi:app", env, args.workers)
            bare.wait_ready("/healthz")
            app.wait_ready("/healthz")

            results, gaps, problems = check_answers(app.port, response_url)
            print(f"check: {len(QUERIES)} questions → {results} with results, {gaps} gap answers, {len(problems)} bad")
            for problem in problems[:10]:
                print(f"  {problem}")
            auth_calls = len(fake.calls_to("auth.test"))
            print(f"fake Slack: {auth_calls} auth.test call(s) so far (lazy, once per worker)")

            bodies = body_pool(response_url, args.seed)
            if use_wrk:
                assert wrk is not None
                client = f"wrk ({args.wrk_threads} threads, Lua cycling {len(bodies)} pre-signed bodies)"
            else:
                client = f"Python http.client ({args.client_processes} processes, threads, signs each request)"
            print(
                f"load: {args.connections} keep-alive connections per side, {args.warmup:g} s warm-up (a new "
                f"connection per request, so both workers warm up) + {args.settle:g} s idle + {args.seconds:g} s "
                f"measured, one side after the other; client: {client}"
            )
            print(f"servers: gunicorn --workers {args.workers} --worker-class gthread --threads 4, no access log")

            measured: dict[str, SideResult] = {}
            for server in (bare, app):
                if use_wrk:
                    assert wrk is not None
                    if args.warmup:  # a new connection per request, so that every worker warms up
                        run_wrk(
                            wrk, server.port, bodies, workdir, args.connections, args.wrk_threads, args.warmup,
                            close=True,
                        )  # fmt: skip
                        # let the workers drain what the warm-up queued: a worker still busy when the
                        # measured connections open accepts fewer of them, and keep-alive pins them
                        time.sleep(args.settle)
                    cpu_before = server.worker_cpu()
                    result = run_wrk(
                        wrk, server.port, bodies, workdir, args.connections, args.wrk_threads, args.seconds
                    )
                else:
                    if args.warmup:
                        prewarm(server.port, bodies, args.warmup)
                        time.sleep(args.settle)
                    # the client's own first second (opening its keep-alive connections) is not measured;
                    # the CPU snapshot spans it too, hence the scaling below
                    cpu_before = server.worker_cpu()
                    result = run_python_client(
                        server.port, bodies, args.connections, args.client_processes, 1.0, args.seconds
                    )
                cpu_after = server.worker_cpu()
                scale = 1.0 if use_wrk else args.seconds / (args.seconds + 1.0)
                result.worker_cpu = [
                    (cpu_after[pid] - cpu_before[pid]) * scale for pid in sorted(cpu_after) if pid in cpu_before
                ]
                measured[server.name] = result
                if server.proc is not None and server.proc.poll() is not None:
                    raise RuntimeError(f"{server.name} died during the run:\n{server.log_tail()}")

            print()
            print(
                f"{'side':<16}{'requests':>10}{'req/s':>10}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}"
                f"{'max ms':>9}{'non-200':>9}{'errors':>8}{'CPU ms/req':>12}  worker CPU split"
            )
            for name, r in measured.items():
                print(
                    f"{name:<16}{r.requests:>10}{r.throughput:>10.1f}{r.p50:>9.2f}{r.p95:>9.2f}{r.p99:>9.2f}"
                    f"{r.max:>9.1f}{r.non_200:>9}{r.errors:>8}{r.cpu_ms_per_request:>12.2f}  {r.worker_split}"
                )
            a, b = measured["Lerend Netwerk"], measured["bare Bolt"]
            print(
                f"\nLerend Netwerk answers: {a.with_blocks}/{a.requests} with blocks, "
                f"{a.with_results} with result cards, {a.non_200} non-200, {a.errors} socket errors/timeouts"
            )
            ratio = a.throughput / b.throughput if b.throughput else float("nan")
            ok_ratio = ratio >= TARGET_RATIO
            ok_p99 = a.p99 <= TARGET_P99_MS
            print(
                f"throughput ratio (app/bare): {ratio:.3f}   target ≥ {TARGET_RATIO}: {'met' if ok_ratio else 'MISSED'}"
            )
            print(f"app p99: {a.p99:.1f} ms        target ≤ {TARGET_P99_MS:g} ms: {'met' if ok_p99 else 'MISSED'}")
            print(
                "(CPU ms/req: the gunicorn workers' CPU time over the measured requests; a lopsided worker split "
                "means the keep-alive connections landed mostly on one worker)"
            )
        return 0
    except KeyboardInterrupt:
        print("\ninterrupted; stopping servers", file=sys.stderr)
        return 130
    finally:
        for server in servers:
            server.stop()
        if fake is not None:
            fake.stop()
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
