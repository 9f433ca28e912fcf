"""What the benchmarks share: varied Dutch questions, a seeded synthetic social map built through
the product's storage functions, signed slash commands, a throw-away database, /proc readings.

Nothing here asserts on timing; the benchmarks print numbers.
"""

from __future__ import annotations

import http.client
import os
import random
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from slack_sdk.signature import SignatureVerifier  # noqa: E402

SIGNING_SECRET = "bench-signing-secret"
VERIFIER = SignatureVerifier(SIGNING_SECRET)

# 64 questions as partners type them, each answerable on the synthetic map below.
QUERIES = [
    "laptop lenen", "hulp bij itsme", "woensdagnamiddag computerles", "iemand die arabisch spreekt voor mails",
    "tablet voor mijn moeder", "cursus smartphone voor senioren", "hulp met tax-on-web", "belastingbrief invullen",
    "cv maken en online solliciteren", "smartschool voor ouders", "goedkoop internet thuis",
    "rare sms gekregen phishing", "afspraak bij de huisarts online maken", "e-mailadres aanmaken",
    "digitale basisvaardigheden voor beginners", "whatsapp leren gebruiken", "computerles in het turks",
    "dinsdagavond pc cursus", "hulp bij formulieren van het ocmw", "kinderen veilig online",
    "jongeren huiswerk computer", "op zaterdag digicafé", "pincode van mijn eid kwijt", "online bankieren leren",
    "vdab account aanmaken", "studietoelage aanvragen", "hulp met gsm op woensdag", "franstalige hulp voor itsme",
    "mijn gezondheid app installeren", "mijn computer is traag", "tweedehands laptop voor mijn zoon",
    "wifi werkt niet thuis", "hoe stuur ik een bijlage", "leren typen op de computer", "videobellen met familie",
    "apps installeren op mijn gsm", "attest downloaden van de stad", "mijn burgerprofiel inloggen",
    "energiefactuur begrijpen", "brief van de belastingen begrijpen", "huurpremie online aanvragen",
    "kind inschrijven in de school", "berichten van de leerkracht lezen", "sollicitatiebrief schrijven",
    "sollicitatiegesprek oefenen via video", "sterk wachtwoord maken", "op een vreemde link geklikt",
    "digitaal voorschrift van de dokter", "nederlands oefenen met apps", "taalcafé met computer",
    "leren programmeren voor jongeren", "sociale media voor tieners", "tablet voor grootouders",
    "senioren hulp aan huis met de tablet", "foto's van de kleinkinderen op de tablet", "smartphonecursus",
    "gsm-spreekuur in het frans", "hulp met de e-loket van de stad", "vacatures zoeken op de computer",
    "valse berichten herkennen", "computerles voor anderstaligen", "pc-cursus voor beginners op maandag",
    "gratis hulp bij online formulieren", "hulp met mijn identiteitskaart en kaartlezer",
]  # fmt: skip

TOPICS: dict[str, tuple[list[str], list[str]]] = {  # category: (names, description sentences)
    "toestel-en-internet": (
        ["Laptop ontlenen", "Tablet lenen", "Computer herstellen", "Goedkoop internet", "Wifi thuis", "Tweedehands pc"],
        ["Leen een laptop of tablet voor drie weken met je bibkaart.", "We kijken je computer na als hij traag is.",
         "We zoeken samen een goedkoop internetabonnement of sociaal tarief.",
         "Gerecupereerde laptops voor gezinnen met een klein budget.", "Hulp als je wifi thuis niet werkt."]),
    "basisvaardigheden": (
        ["Computerles", "Digicafé", "E-mail voor beginners", "Pc-cursus", "Werken met Word", "Internet ontdekken"],
        ["Leer stap voor stap werken met de computer: muis, toetsenbord, mappen en bestanden.",
         "Een e-mailadres aanmaken, mails lezen en een bijlage versturen.",
         "Vrije inloop: breng je vraag mee, een vrijwilliger zit naast je."]),
    "smartphone-en-apps": (
        ["Smartphonecursus", "Gsm-spreekuur", "WhatsApp leren", "Apps installeren", "Videobellen"],
        ["Hulp met je smartphone: instellingen, foto's, WhatsApp en apps installeren.",
         "Je gsm is nieuw of doet raar? Kom langs met je toestel.", "Leer videobellen met familie in het buitenland."]),
    "e-overheid-en-itsme": (
        ["Hulp bij itsme", "eID en pincode", "E-loket", "Tax-on-web", "Mijn Burgerprofiel", "Attesten downloaden"],
        ["We helpen je itsme te installeren en te koppelen aan je eID en kaartlezer.",
         "Online attesten aanvragen bij de stad en het e-loket gebruiken.",
         "Hulp bij je belastingaangifte via Tax-on-web of MyMinfin.",
         "Pincode of pukcode van je identiteitskaart kwijt? We zoeken samen een oplossing."]),
    "administratie-en-formulieren": (
        ["Hulp bij formulieren", "Papierenwinkel", "Administratie-spreekuur", "Brieven begrijpen", "Energiefactuur"],
        ["Samen je brieven en formulieren doornemen en online invullen.",
         "Hulp met je energiefactuur, huurpremie of studietoelage.", "Online bankieren leren met je kaartlezer."]),
    "school-en-ouders": (
        ["Smartschool voor ouders", "Ouders en schoolapps", "Huiswerkbegeleiding", "Inschrijven in de school"],
        ["Leer Smartschool gebruiken om berichten van de leerkracht te lezen.",
         "Hulp bij het online inschrijven van je kind in een school."]),
    "werk-en-solliciteren": (
        ["Cv maken", "Online solliciteren", "VDAB-account", "Jobzoeken op de computer", "Sollicitatiebrief"],
        ["We maken samen je cv en je account bij VDAB.", "Leer vacatures zoeken en online solliciteren.",
         "Oefen een sollicitatiegesprek via video."]),
    "veiligheid-online": (
        ["Veilig online", "Phishing herkennen", "Sterke wachtwoorden", "Oplichting via sms"],
        ["Leer valse berichten, phishing en oplichting herkennen.", "Sterke wachtwoorden instellen.",
         "Wat doe je als je op een vreemde link hebt geklikt?", "Kinderen veilig online laten gaan."]),
    "gezondheid-online": (
        ["Mijn Gezondheid", "Afspraak bij de dokter online", "Gezondheidsapps", "Digitaal voorschrift"],
        ["Hulp met de app Mijn Gezondheid en je digitale voorschriften.",
         "Online een afspraak maken bij je huisarts of in het ziekenhuis."]),
    "taal-en-digitaal": (
        ["Nederlands oefenen met de computer", "Taalcafé digitaal", "Computerles voor anderstaligen"],
        ["Oefen Nederlands met apps en websites, samen met een taalbuddy.",
         "Voor anderstaligen: computerles in eenvoudig Nederlands."]),
    "jongeren": (
        ["Gamen en programmeren", "Jongeren en sociale media", "Huiswerkklas met laptops"],
        ["Jongeren leren programmeren en veilig omgaan met sociale media.",
         "Een plek om na school je huiswerk op de computer te maken."]),
    "senioren": (
        ["Digitaal voor senioren", "Tablet voor 65-plussers", "Videobellen voor grootouders"],
        ["Rustige les voor senioren: tablet, e-mail en foto's van de kleinkinderen.",
         "Vrijwilligers helpen ouderen thuis met hun tablet of gsm."]),
}  # fmt: skip
_ORGS = ["Bibliotheek", "Digipunt", "Lokaal dienstencentrum", "Buurtwerk", "CAW onthaal", "Sociaal Huis",
         "Jeugdhuis", "Huis van het Kind", "VDAB werkwinkel", "vzw Digidak", "Basiseducatie", "Seniorenraad"]
_FILLER = ["Vrijwilligers helpen je stap voor stap.", "Je kan langskomen zonder afspraak of vooraf bellen.",
           "We werken in kleine groepen.", "Koffie staat klaar.", "Breng je eigen toestel mee als je er een hebt."]
_LANGUAGES = ["fr", "en", "ar", "tr", "es", "pl", "ro", "ru", "uk"]
NEIGHBOURHOODS = ["Borgerhout", "Deurne", "Berchem", "Merksem", "Hoboken", "Kiel", "Wilrijk", "Ekeren", "Zurenborg"]


def offering_fields(rng: random.Random, i: int, area: str | None) -> dict[str, Any]:
    """The keyword arguments of `storage.catalog.add_offering` for one synthetic offering."""
    cats = rng.sample(list(TOPICS), k=rng.choice((1, 1, 2)))
    names, sentences = TOPICS[cats[0]]
    more = [rng.choice(TOPICS[cats[1]][1])] if len(cats) > 1 else []
    openings = [
        [day, f"{start:02d}:00", f"{start + rng.choice((2, 3)):02d}:00"]
        for day in sorted(rng.sample(range(6), k=rng.choice((0, 1, 2, 3))))
        for start in [rng.choice((9, 13, 18))]
    ]
    return dict(
        hsds_id="", name=f"{rng.choice(names)} {rng.choice(('', '', 'in de wijk', 'op afspraak', 'voor iedereen'))}"
        .strip(), description=" ".join([rng.choice(sentences), *more, *rng.sample(_FILLER, k=2)]),
        categories=cats, target_groups=[], languages=["nl", *rng.sample(_LANGUAGES, k=rng.choice((0, 1, 2)))],
        openings=openings, by_appointment=not openings, location_kind="address", location_name=None,
        address=f"Kerkstraat {rng.randint(1, 250)}", postal_code="2000", city="Antwerpen", area=area,
        fees=rng.choice(("Gratis", "Gratis", "€ 2 per les")), access="appointment" if not openings else "walk_in",
        contact_email=f"digitaal{i}@voorbeeld.be", contact_phone=f"03 {rng.randint(200, 999)} 12 34",
        status=rng.choices(("active", "paused"), weights=(97, 3))[0],
    )  # fmt: skip


def seed_channel_network(url: str, team: str, channel: str, users: list[str], offerings: int) -> None:
    """A network of Borgerhout bound to `channel`, the first of `users` its coordinator and all of them known
    members (as the people asking in a network's channel are), with `offerings` offerings (`seed_offerings`)."""
    from storage.db import Database
    from storage.networks import create_network, ensure_member

    db = Database(url)
    with db.transaction() as session:
        net = create_network(session, team_id=team, name="Lerend netwerk Borgerhout", coordinator_user_id=users[0],
                             channel_id=channel, neighbourhood="Borgerhout")  # fmt: skip
        for user in users:
            ensure_member(session, net, user)
        seed_offerings(session, net.id, offerings, random.Random(7), "Borgerhout")
    db.dispose()


def seed_offerings(session: Any, network_id: int, count: int, rng: random.Random, area: str | None) -> None:
    """`count` offerings of ~count/16 organisations, added one by one with storage.catalog (as /aanbod does)."""
    from storage import catalog

    orgs = [
        catalog.get_or_create_organisation(session, network_id, f"{rng.choice(_ORGS)} {area or 'Antwerpen'} {k}")
        for k in range(max(2, count // 16))
    ]
    for i in range(count):
        fields = offering_fields(rng, i, area if rng.random() < 0.8 else None)
        catalog.add_offering(session, network_id, rng.choice(orgs), **fields)


def command_body(text: str, team: str, channel: str, user: str, response_url: str = "http://127.0.0.1:9/r") -> str:
    return urlencode(
        {"token": "legacy", "team_id": team, "team_domain": f"wijk-{team.lower()}", "channel_id": channel,
         "channel_name": "lerend-netwerk", "user_id": user, "user_name": user.lower(), "command": "/verwijs",
         "text": text, "api_app_id": "A1", "response_url": response_url, "trigger_id": "trig-1"}
    )  # fmt: skip


def signed_headers(body: str, timestamp: int | None = None) -> dict[str, str]:
    ts = str(timestamp if timestamp is not None else int(time.time()))
    return {
        "Content-Type": "application/x-www-form-urlencoded",
        "X-Slack-Request-Timestamp": ts,
        "X-Slack-Signature": VERIFIER.generate_signature(timestamp=ts, body=body),
    }


def has_cards(data: bytes) -> bool:
    """A /verwijs answer with result cards carries their *Verwijs door* buttons."""
    return b'"verwijs_refer"' in data


@contextmanager
def scratch_database(server_url: str | None, label: str, quick: bool = False) -> Iterator[str]:
    """A migrated, empty database: a temporary SQLite file, or a new database on the PostgreSQL server of
    `server_url` (dropped afterwards), so a benchmark never touches data it did not make. `quick` (the
    smoke runs) creates the tables from the models instead of running the migrations: the same schema
    (tests/test_migrations.py), in a fraction of the time."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    from storage.db import normalise_database_url

    if not server_url or server_url.startswith("sqlite"):
        with tempfile.TemporaryDirectory(prefix=f"lerend-{label}-") as tmp:
            url = f"sqlite:///{tmp}/bench.sqlite3"
            _create_schema(url, quick)
            yield url
        return
    base = make_url(normalise_database_url(server_url))
    name = f"lerend_bench_{label}_{uuid.uuid4().hex[:8]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        url = base.set(database=name).render_as_string(hide_password=False)
        _create_schema(url, quick)
        yield url
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def _create_schema(url: str, quick: bool) -> None:
    from storage import migrate

    if not quick:
        migrate.upgrade(url)
        return
    import storage.all_models  # noqa: F401  (registers every table)
    from storage.base import Base
    from storage.db import build_engine

    engine = build_engine(url)
    Base.metadata.create_all(engine)
    engine.dispose()
    from alembic import command

    command.stamp(migrate.alembic_config(url), "head")  # the schema is the newest: /healthz checks that


# -- gunicorn servers (benchmarks/e2e_throughput.py) -----------------------------------------------------
HOST = "127.0.0.1"


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return int(s.getsockname()[1])


def serve_threads() -> int:
    """The request threads per worker `lerend-netwerk serve` runs with (WEB_THREADS, or its default)."""
    from plugin.config import load_settings

    return load_settings().web_threads


def start_gunicorn(
    module: str, env: dict[str, str], workers: int, log: Path, *extra: str, threads: int
) -> tuple[Any, int]:
    """gunicorn as `lerend-netwerk serve` runs it (gthread; `threads`: serve's are `serve_threads()`), in a
    session of its own."""
    port = free_port()
    argv = [sys.executable, "-m", "gunicorn", "--bind", f"{HOST}:{port}", "--workers", str(workers),
            "--worker-class", "gthread", "--threads", str(threads), *extra, module]  # fmt: skip
    with log.open("wb") as out:  # gunicorn keeps its own copy of the descriptor
        return subprocess.Popen(argv, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
                                start_new_session=True), port  # fmt: skip


def wait_ready(proc: Any, port: int, log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            conn = http.client.HTTPConnection(HOST, port, timeout=2)
            conn.request("GET", "/healthz")
            if conn.getresponse().status == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not start:\n{log.read_text(errors='replace')[-2000:]}")


def stop(proc: Any) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)  # our own gunicorn: master and its workers
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)


def percentile(values: Sequence[float], p: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    return ordered[max(0, min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1))))]


def latency_line(ms: Sequence[float]) -> str:
    return f"p50 {percentile(ms, 50):.1f} ms, p95 {percentile(ms, 95):.1f} ms, p99 {percentile(ms, 99):.1f} ms"


def rss_mb(pid: int | None = None) -> float:
    """Resident set size from /proc (Linux), in MB."""
    for line in Path(f"/proc/{pid or os.getpid()}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def cpu_seconds(pids: Sequence[int]) -> float:
    """User + system CPU of these processes, from /proc/PID/stat."""
    total = 0.0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total


def process_tree(pid: int) -> list[int]:
    """The process and its children (a gunicorn master and its workers)."""
    found = [pid]
    for entry in Path("/proc").iterdir():
        try:
            if entry.name.isdigit() and int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
        except (OSError, ValueError, IndexError):
            continue
    return found
