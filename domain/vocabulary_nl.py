"""Domain vocabularies for digital inclusion in Flanders, used to understand `/verwijs` questions.

Partners and offerings describe the same needs in different words ("gsm" / "smartphone",
"belastingbrief" / "aangifte personenbelasting" / "Tax-on-web"). Each `Concept` groups such words
and phrases, says which referral categories it points to and which broader concept it belongs to.
Everything here is plain data so it can be reviewed and extended by people who know the field;
the matching rules live in `referral_search` and `text_nl`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import time

__all__ = [
    "AGE_SENIOR_FROM",
    "AGE_YOUTH_UNTIL",
    "ANTWERP_AREAS",
    "CATEGORIES",
    "CATEGORY_TARGET_GROUPS",
    "CHILD_WORDS",
    "COMMON_WORDS",
    "CONCEPTS",
    "OFF_DOMAIN_WORDS",
    "Concept",
    "DEFAULT_LANGUAGE",
    "GENERALIST_CONCEPT",
    "LANGUAGES",
    "LANGUAGE_EQUIVALENTS",
    "OPEN_NOW_PHRASES",
    "PARTS_OF_DAY",
    "RELATIVE_DAYS",
    "TARGET_GROUPS",
    "WEEKDAYS",
    "WEEKDAY_GROUPS",
    "language_code",
    "language_name_nl",
    "language_forms",
    "target_group_key",
]

CATEGORIES: dict[str, str] = {
    "toestel-en-internet": "Toestel en internet",
    "basisvaardigheden": "Digitale basisvaardigheden",
    "smartphone-en-apps": "Smartphone en apps",
    "e-overheid-en-itsme": "E-overheid en itsme",
    "administratie-en-formulieren": "Administratie en formulieren",
    "school-en-ouders": "School en ouders",
    "werk-en-solliciteren": "Werk en solliciteren",
    "veiligheid-online": "Veilig online",
    "gezondheid-online": "Gezondheid online",
    "taal-en-digitaal": "Taal en digitaal",
    "jongeren": "Jongeren",
    "senioren": "Senioren",
}

# Categories that are really target groups: an offering filed under them is meant for that group.
CATEGORY_TARGET_GROUPS: dict[str, str] = {"jongeren": "jongeren", "senioren": "senioren"}


@dataclass(frozen=True)
class Concept:
    """A group of words and phrases that mean the same need for a referral.

    `weak` concepts (format words like "cursus", "gratis", "beginners") help ranking but never make
    a question answerable on their own. `parents` are broader concepts a partial match may fall back on.
    `query_only` terms (written "?kapot" in `_c`) are how a client's problem is told ("kapot",
    "traag"): understood in a question, but an offering that uses the word ("trage uitleg") is not
    about the concept. A `service` concept is something an offering does for you (lend, repair,
    print, interpret): a question asking for it is only answered by offerings that do it, whatever
    device or subject the rest of the question shares with others.
    """

    key: str
    label: str
    terms: tuple[str, ...]
    categories: tuple[tuple[str, float], ...] = ()
    parents: tuple[str, ...] = ()
    weak: bool = False
    query_only: frozenset[str] = frozenset()
    service: bool = False


def _c(
    key: str,
    label: str,
    terms: str,
    cats: dict[str, float] | None = None,
    parents: tuple[str, ...] = (),
    weak: bool = False,
    service: bool = False,
) -> Concept:
    raw = [t.strip() for t in terms.split("|") if t.strip()]
    items = tuple(t.lstrip("?") for t in raw)
    query_only = frozenset(t[1:] for t in raw if t.startswith("?"))
    return Concept(key, label, items, tuple((cats or {}).items()), parents, weak, query_only, service)


TOE = "toestel-en-internet"
BAS = "basisvaardigheden"
SMA = "smartphone-en-apps"
EOV = "e-overheid-en-itsme"
ADM = "administratie-en-formulieren"
SCH = "school-en-ouders"
WRK = "werk-en-solliciteren"
VEI = "veiligheid-online"
GEZ = "gezondheid-online"
TAA = "taal-en-digitaal"
JON = "jongeren"
SEN = "senioren"

GENERALIST_CONCEPT = "digihulp"

CONCEPTS: tuple[Concept, ...] = (
    # --- devices and internet -------------------------------------------------------------
    _c("toestel", "toestel", "toestel|toestellen|apparaat|apparaten|device|hardware|digitaal toestel", {TOE: 0.6}),
    _c(
        "computer",
        "computer",
        "computer|pc|laptop|desktop|chromebook|notebook|macbook|vaste computer|draagbare computer|"
        "computertje|windows|muis|toetsenbord|computerscherm|pc-scherm",
        {TOE: 0.6, BAS: 0.6},
        ("toestel",),
    ),
    _c(
        "mobiel",
        "gsm of tablet",
        "mobiel toestel|mobiele toestellen|touchscreen|aanraakscherm",
        {SMA: 0.8},
        ("toestel",),
    ),
    _c(
        "smartphone",
        "smartphone",
        "smartphone|gsm|mobieltje|telefoon|iphone|android|mobiele telefoon|slimme telefoon|gsmtoestel|"
        "samsung|gsm-toestel|gsmke|gsmpje|handy|simkaart",
        {SMA: 1.0},
        ("mobiel", "toestel"),
    ),
    _c("tablet", "tablet", "tablet|ipad|tabletcomputer|galaxy tab", {SMA: 0.8, TOE: 0.3}, ("mobiel", "toestel")),
    _c(
        "printen",
        "printen en scannen",
        "printen|afdrukken|printer|print|prints|kopieren|kopie|kopies|fotokopie|scannen|scanner|inscannen|"
        "printjes|afdruk|afdrukjes|?op papier",
        {TOE: 1.0},
        service=True,
    ),
    _c(
        "internet",
        "internet en wifi",
        "internet|wifi|wi-fi|draadloos internet|internetverbinding|hotspot|mobiele data|dataverbinding|"
        "surfen|breedband|internet thuis|internettoegang|verbinding|4g|5g|router|modem",
        {TOE: 1.0},
    ),
    _c(
        "abonnement",
        "internetabonnement en sociaal tarief",
        "internetabonnement|abonnement|abonnementen|telecom|telecomoperator|proximus|telenet|orange|scarlet|"
        "mobile vikings|goedkoop internet|sociaal tarief internet|sociaal tarief telefonie|prepaid|herladen|"
        "belkrediet|simkaart|sim-kaart|gsm-abonnement|internetfactuur|telecomfactuur",
        {TOE: 1.0, ADM: 0.3},
        ("internet",),
    ),
    _c(
        "lenen",
        "toestel lenen",
        "lenen|ontlenen|uitlenen|bruikleen|te leen|leen|uitleen|uitleendienst|in bruikleen|huren|"
        "leentoestel|leenlaptop|leentablet|uitlening|ontlening|lenen voor lange tijd",
        {TOE: 1.0},
        service=True,
    ),
    _c(
        "toestel-kopen",
        "toestel kopen",
        # "?kopen": a device to buy in a question; in an offering also tickets, groceries, "veilig online kopen"
        "tweedehands|refurbished|opgeknapt|opgeknapte|gerecupereerd|goedkope laptop|goedkope computer|"
        "gratis laptop|laptop kopen|computer kopen|gsm kopen|tablet kopen|smartphone kopen|toestel kopen|"
        "?aankoop|?kopen|korting|digibank",
        {TOE: 1.0},
        service=True,
    ),
    _c(
        "herstellen",
        "toestel herstellen",
        "herstellen|herstelling|reparatie|repareren|repair|repair cafe|herstelcafe|?kapot|?stuk|?defect|"
        "?gebroken scherm|?batterij|?traag|?trage computer|opkuisen|onderhoud|?vastgelopen|?crasht|?crashen|"
        "?vastlopen|virus verwijderen|?opslag vol|?geheugen vol",
        {TOE: 1.0},
        ("toestel",),
        service=True,
    ),
    _c(
        "software",
        "installeren en bijwerken",
        "installeren|herinstalleren|installatie|updates|update|updaten|software|programma|programmas|"
        "instellen|opstarten",
        {TOE: 0.5, SMA: 0.5},
        weak=True,
    ),
    _c(
        "bestanden",
        "bestanden en documenten",
        # "?map": a folder in a question; in an offering "maps" is Google Maps (the same stem)
        "bestand|bestanden|?map|?mappen|mappen maken|in mappen|cloud|google drive|onedrive|dropbox|usb|usb-stick|"
        "back-up|backup|"
        "downloaden|uploaden|bijlage|bijlagen|pdf|opslaan|digitaliseren|geheugenkaart",
        {BAS: 0.8},
    ),
    _c(
        "bibliotheek",
        "bibliotheek",
        "bib|bibliotheek|openbare bibliotheek|bibkaart|mediatheek|leeszaal|leestafel|leestafels|a-kaart",
        {TOE: 0.5},
    ),
    _c(
        "publieke-pc",
        "computer gebruiken",
        "openbare computer|publieke computer|computerruimte|computerlokaal|pc-ruimte|pc-lokaal|"
        "vrij gebruik|gratis surfen|computer gebruiken|pc gebruiken|internetcafe|werkplek|studieplek|"
        "computers ter beschikking",
        {TOE: 1.0},
        ("computer",),
    ),
    # --- basic digital skills --------------------------------------------------------------
    _c(
        "basisvaardigheden",
        "digitale basisvaardigheden",
        "basisvaardigheden|digitale basisvaardigheden|digitale vaardigheden|computervaardigheden|"
        "leren computeren|computerles|computerlessen|computercursus|pc-les|pc-cursus|"
        "computerreeks|typen|typles|klikken|muis gebruiken|digibeet|digitaal analfabeet|"
        "omgaan met de computer|werken met de computer|digitale wereld|mee met digitaal|digitaal mee",
        {BAS: 1.0},
        ("computer",),
    ),
    _c(
        "beginner",
        "voor beginners",
        "beginner|beginners|beginnend|beginnende|starter|starters|eerste stappen|geen voorkennis|van nul|"
        "helemaal opnieuw|nog nooit|nooit gewerkt|nooit geleerd|vanaf nul|basiscursus|initiatie|"
        "opnieuw begint|stap voor stap|rustig tempo|op eigen tempo",
        {BAS: 0.4},
        weak=True,
    ),
    _c(
        "gevorderd",
        "voor gevorderden",
        "gevorderd|gevorderden|verdieping|verdiepend|expert|ervaren|vervolgcursus|vervolg|volgende stap",
        weak=True,
    ),
    _c(
        "email",
        "e-mail",
        "mail|email|e-mail|mailen|e-mailen|gmail|outlook|hotmail|e-mailadres|mailadres|mailbox|inbox|"
        "mailtje|mails|e-mails|mail versturen|mail sturen|spambox",
        {BAS: 0.7, ADM: 0.3},
    ),
    _c(
        "account",
        "account en wachtwoord",
        "wachtwoord|paswoord|password|wachtwoorden|account|accounts|aanmelden|inloggen|login|aanmeldgegevens|"
        "gebruikersnaam|account aanmaken|wachtwoord vergeten|wachtwoord kwijt|ingelogd|tweestapsverificatie|"
        "verificatiecode|google account|apple id|icloud",
        {BAS: 0.6, VEI: 0.3},
    ),
    _c(
        "websites",
        "websites en opzoeken",
        "website|websites|webpagina|site|google|zoekmachine|browser|chrome|safari|opzoeken|opzoekwerk|"
        "informatie opzoeken|informatie zoeken|online zoeken|surfen op internet|link|links",
        {BAS: 0.6},
    ),
    _c(
        "fotos",
        "foto's",
        "foto|fotos|camera|foto nemen|fotograferen|selfie|fotoalbum|fotos doorsturen|fotoboek|afbeelding",
        {SMA: 0.6, BAS: 0.3},
    ),
    _c(
        "videobellen",
        "videobellen",
        "videobellen|videogesprek|video bellen|beeldbellen|facetime|zoom|teams|microsoft teams|skype|"
        "google meet|videocall|online vergaderen|online vergadering",
        {SMA: 0.6, BAS: 0.4},
    ),
    _c(
        "kantoor",
        "tekstverwerking en rekenblad",
        "excel|microsoft word|word en excel|word document|worddocument|word-document|office|microsoft office|"
        "powerpoint|tekstverwerking|"
        "tekstverwerker|rekenblad|spreadsheet|google docs|libreoffice|presentatie maken",
        {BAS: 0.8, WRK: 0.3},
    ),
    _c(
        GENERALIST_CONCEPT,
        "digitale hulp",
        "digipunt|digipunten|digitaal punt|vragenuur|digi-vragenuur|digivragenuur|digihelper|digihelpers|"
        "digicafe|digitaal cafe|computerhulp|pc-hulp|digitale hulp|digitale vragen|digitale vraag|"
        "digitale ondersteuning|digitaal spreekuur|spreekuur|helpdesk|digitale helpdesk|pc-dokter|"
        "techhulp|computercafe|e-inclusie|digitale inclusie|digitale zitdag|digibib|digitaal helpdesk|"
        "vrijwillige digihelpers|hulp met je toestel|vastzit met een toestel|alle digitale vragen|"
        "digicoach|digibuddy|digimaatje|computervragen|computerproblemen|gsm-vragen|ict-hulp|digihulp",
        {BAS: 1.0},
    ),
    # --- smartphone and apps ----------------------------------------------------------------
    _c(
        "app",
        "apps",
        "app|apps|applicatie|applicaties|app store|play store|playstore|appstore|app downloaden|"
        "app installeren|toepassing|appje",
        {SMA: 1.0},
        ("mobiel",),
    ),
    _c(
        "berichten",
        "berichten en chat",
        "whatsapp|messenger|telegram|signal|sms|smsen|sms-bericht|berichtje|chatten|chat|berichten sturen|"
        "bericht sturen|imessage|viber|spraakbericht|groepschat",
        {SMA: 0.8},
        ("mobiel",),
    ),
    _c(
        "sociale-media",
        "sociale media",
        "facebook|instagram|tiktok|snapchat|sociale media|social media|youtube|twitter|sociale netwerken|"
        "influencer|likes|volgers",
        {SMA: 0.6, JON: 0.3, VEI: 0.2},
    ),
    _c(
        "mobiliteit",
        "apps voor onderweg",
        "google maps|?maps|navigatie|gps|de lijn|nmbs|dienstregeling|routeplanner|treinticket|busticket|"
        "vervoersbewijs|ticket kopen|parkeerapp|parkeren|parkeerkaart|bewonerskaart|parkeervergunning|"
        # "?bus": in a Belgian address "bus 3" is a letterbox number, and "brievenbus" is no bus
        "velo|deelfiets|reisplanner|buzzy pazz|?bus|?tram|?trein|met de bus|met de tram|met de trein|bus en tram|"
        "openbaar vervoer|abonnement de lijn|m-ticket|tramticket",
        {SMA: 0.8},
    ),
    _c(
        "online-winkelen",
        "online winkelen",
        "online winkelen|webshop|webwinkel|online bestellen|online kopen|bolcom|bol com|boodschappen|"
        "online boodschappen|thuislevering|collect and go|marktplaats|2dehands|tweedehands kopen online|vinted",
        {SMA: 0.6, BAS: 0.4},
        ("app",),
    ),
    _c(
        "bankieren",
        "bankieren en betalen",
        "bankapp|bank app|bankieren|online bankieren|homebanking|home banking|mobile banking|pc banking|"
        "overschrijving|overschrijvingen|geld overschrijven|payconiq|bancontact|kbc|belfius|bnp|bnp paribas fortis|"
        "argenta|ing|crelan|bpost bank|bankkaart|betaalkaart|digipass|online betalen|betalen|betaling|"
        "qr-code|qr code|rekeninguittreksel|rekeninguittreksels|bankrekening|domiciliering|card stop|cardstop|"
        "bank|banken|bankzaken|geldautomaat|bankautomaat|cash|contactloos betalen",
        {ADM: 0.7, SMA: 0.4},
    ),
    _c(
        "smartphone-basis",
        "smartphone instellen",
        # "?": a phone's settings in a question; in an offering these words say something else ("neem contact
        # op", "onze agenda", "toegankelijkheid van het gebouw", "een melding doen", "zorginstellingen")
        "?instellingen|lettergrootte|beltoon|?contacten|?contactpersonen|contact toevoegen|?agenda|wekker|"
        "opladen|schermvergrendeling|?toegankelijkheid|spraakassistent|?meldingen|pushmeldingen|notificaties",
        {SMA: 0.8},
        ("smartphone",),
    ),
    # --- e-government and itsme -----------------------------------------------------------
    _c(
        "overheid",
        "overheid online",
        "overheid|overheden|e-overheid|eoverheid|overheidsdienst|overheidsdiensten|online overheidsdiensten|"
        "overheidswebsite|federale overheid|vlaamse overheid|stad|gemeente|district|ocmw|openbaar bestuur|"
        "e-loket|eloket|digitaal loket|online loket|online loketten",
        {EOV: 0.8, ADM: 0.3},
    ),
    _c(
        "itsme",
        "itsme",
        "itsme|its me|itsme-app|itsme app|digitale sleutel|digitale sleutels|csam|inloggen bij de overheid|"
        "aanmelden bij de overheid|itsme-code|itsme activeren|itsme installeren|itsme koppelen",
        {EOV: 1.0},
        ("overheid",),
    ),
    _c(
        "eid",
        "eID en identiteitskaart",
        "eid|e-id|identiteitskaart|identiteitskaarten|elektronische identiteitskaart|id-kaart|idkaart|"
        "identiteitsbewijs|kaartlezer|eid-lezer|eid lezer|kids-id|kidsid|kids id|verblijfskaart|"
        "verblijfsvergunning|vreemdelingenkaart|elektronische vreemdelingenkaart|certificaat|certificaten|"
        "eid-certificaten|eid-kaart|e-kaart|paspoort|digitale handtekening|digitaal ondertekenen|"
        "elektronisch ondertekenen",
        {EOV: 1.0},
        ("overheid",),
    ),
    _c(
        "pincode",
        "pincode en pukcode",
        "pincode|pin|puk|pukcode|puk-code|pin-code|pin en puk|codes|code|codebrief|nieuwe codes|"
        "activeringscode|geheime code|pin vergeten|code vergeten|kaart geblokkeerd|geblokkeerde kaart",
        {EOV: 0.8},
        ("eid",),
    ),
    _c(
        "belastingen",
        "belastingen",
        "belasting|belastingen|belastingaangifte|aangifte|aangifte personenbelasting|personenbelasting|"
        "tax-on-web|taxonweb|tax on web|myminfin|my minfin|minfin|fod financien|financien|aanslagbiljet|"
        "fiscale fiche|fiscale fiches|belastingbrief|vereenvoudigde aangifte|voorstel van vereenvoudigde aangifte|"
        "belastingformulier|belastingdienst|fiscaal|fiscale|belastingteruggave|terugbetaling belastingen|"
        "onroerende voorheffing|verkeersbelasting|belastingbiljet|aangiftebrief",
        {EOV: 0.7, ADM: 0.7},
        ("overheid",),
    ),
    _c(
        "ebox",
        "eBox en overheidspost",
        "ebox|e-box|digitale brievenbus|overheidspost|post van de overheid|berichten van de overheid|"
        "digitale post|doccle|zoomit|brieven van de overheid|officiele berichten|digitale brieven",
        {EOV: 1.0},
        ("overheid",),
    ),
    _c(
        "attesten",
        "attesten",
        "attest|attesten|uittreksel|uittreksels|bewijs van woonst|gezinssamenstelling|samenstelling van het gezin|"
        "strafregister|uittreksel strafregister|bewijs van goed gedrag|akte|akten|geboorteakte|huwelijksakte|"
        "attest downloaden|attest aanvragen|document aanvragen|erfrechtverklaring|nationaliteitsbewijs",
        {EOV: 1.0, ADM: 0.4},
        ("overheid",),
    ),
    _c(
        "burgerprofiel",
        "Mijn Burgerprofiel",
        "burgerprofiel|mijn burgerprofiel|mijn dossier|mijndossier|rijksregister|rijksregisternummer|"
        "mijn gegevens|persoonlijke gegevens overheid|antwerpen be|a-profiel|mijn antwerpen|mijn vlaanderen|"
        "mijnvlaanderen|vlaanderen be",
        {EOV: 1.0},
        ("overheid",),
    ),
    _c(
        "verhuizing",
        "verhuizing en adreswijziging",
        "verhuizing|verhuizen|verhuis|adreswijziging|adres wijzigen|domicilie|domicilieadres|wijkagent",
        {EOV: 0.8, ADM: 0.6},
        ("overheid",),
    ),
    _c("rijbewijs", "rijbewijs", "rijbewijs|rijbewijzen|voorlopig rijbewijs|rijexamen", {EOV: 0.6}, ("overheid",)),
    _c(
        "pensioen",
        "pensioen",
        "pensioen|mypension|mijn pensioen|pensioenaanvraag|pensioenberekening|pensioenbrief|pensioendienst",
        {EOV: 0.8, SEN: 0.4},
        ("overheid",),
    ),
    _c(
        "loket",
        "loket",
        "loket|loketten|stadsloket|districtshuis|gemeentehuis|stadhuis|balie|onthaal|administratief centrum",
        {EOV: 0.5},
    ),
    _c(
        "telefonisch",
        "telefonische hulp",
        "telefonisch|telefonische|per telefoon|aan de telefoon|contactcenter|callcenter|infolijn|hulplijn|"
        "gratis nummer|telefoonnummer|terugbellen|belt je terug|opbellen",
        weak=True,
    ),
    # --- administration and forms ------------------------------------------------------------
    _c(
        "formulier",
        "formulieren invullen",
        "formulier|formulieren|invullen|aanvraagformulier|papieren|paperassen|papierwerk|administratie|"
        "administratieve|administratieve hulp|online aanvraag|online aanvragen|aanvraag indienen|"
        "aanvragen indienen|dossier|dossiers|documenten invullen|online formulier|formulieren invullen",
        {ADM: 1.0},
    ),
    _c(
        "brief",
        "brieven",
        "brief|brieven|officiele brief|brief begrijpen|brief lezen|post|briefwisseling|aanmaning|"
        "betalingsherinnering|ingebrekestelling|deurwaarder|ontvangen brief|envelop",
        {ADM: 1.0},
    ),
    _c(
        "schrijven",
        "teksten schrijven",
        "schrijven|opstellen|schrijfhulp|tekst schrijven|brief schrijven|mail schrijven|klacht|klachten|"
        # "?antwoorden": in an offering mostly "antwoorden op je vragen"
        "klacht indienen|bezwaar|bezwaarschrift|verzoekschrift|?antwoorden|beantwoorden|tekst|teksten",
        {ADM: 0.7, TAA: 0.3},
    ),
    _c(
        "premies",
        "premies en sociale tarieven",
        "premie|premies|energiepremie|sociaal tarief|sociale tarieven|tegemoetkoming|tegemoetkomingen|"
        "toelage|toelagen|toeslag|verhoogde tegemoetkoming|omnio|studietoelage|schooltoelage|huurpremie|"
        "huursubsidie|leefloon|sociale voordelen|sociaal voordeel|renovatiepremie|verbouwpremie|"
        "mijn verbouwpremie|verwarmingstoelage|"
        "uitpas|sociale korting|rechten|automatische rechten|recht op|steunmaatregel|financiele steun",
        {ADM: 1.0},
    ),
    _c(
        "energie",
        "energie",
        "energie|energiefactuur|energiecontract|energieleverancier|elektriciteit|stroom|gas|stookolie|"
        "meterstand|meterstanden|digitale meter|energiescan|v-test|vtest|fluvius|energiekosten",
        {ADM: 0.9},
        ("premies",),
    ),
    _c(
        "facturen",
        "facturen en budget",
        "factuur|facturen|rekeningen|rekening betalen|rekeningen betalen|schulden|schuld|budget|budgetbeheer|"
        "budgetbegeleiding|schuldbemiddeling|afbetalingsplan",
        {ADM: 0.9},
    ),
    _c(
        "wonen",
        "wonen",
        "sociale woning|huurwoning|woning zoeken|woning|huurcontract|sociale huisvesting|woonwijzer|"
        "huisvesting|verhuren|immoweb|kandidaat-huurder|huurwaarborg|huurwaarborglening|woonbon",
        {ADM: 0.6},
    ),
    _c(
        "afspraak",
        "afspraak maken",
        # "?": an appointment to make in a question; in an offering "op afspraak" and "zonder afspraak" say how
        # to get in, not that it helps to book one
        "?afspraak|?afspraken|afspraak maken|afspraak boeken|online afspraak|reserveren|reservatie|"
        "tijdslot|tijdsloten|consultatie|consultaties|afspraken maken|afspraak inplannen|online afspraken",
        {ADM: 0.2, GEZ: 0.2},
    ),
    # --- school and parents ---------------------------------------------------------------------
    _c(
        "schoolplatform",
        "schoolapp en schoolplatform",
        "smartschool|questi|schoolapp|school app|schoolplatform|platform van de school|schoolplatformen|"
        "informat|gimme|bednet|classroom|google classroom|schoolonline|schoolberichten|"
        "berichten van de school|schoolagenda|online rapport|rapport|klasdojo|classdojo|toledo|"
        "digitale kanalen van de school|app van de school",
        {SCH: 1.0},
        ("school", "app"),
    ),
    _c(
        "school",
        "school",
        "school|scholen|leerkracht|leerkrachten|juf|meester|klas|klassen|leerling|leerlingen|"
        "oudercontact|oudercontacten|schoolbrief|uitstap|schooluitstap|kleuterschool|lagere school|"
        "middelbare school|secundair|basisschool|schoolgaand|schoolgaande",
        {SCH: 0.8},
    ),
    _c(
        "schoolinschrijving",
        "school inschrijven",
        "school inschrijven|inschrijven op school|schoolinschrijving|aanmelden school|aanmelden op school|"
        "meldjeaan|meld je aan|aanmeldingsregister|centraal aanmeldingsregister|kind aanmelden|"
        "inschrijving school|school zoeken|schoolkeuze",
        {SCH: 1.0},
        ("school",),
    ),
    _c(
        "huiswerk",
        "huiswerk en studeren",
        "huiswerk|huistaak|huistaken|schooltaak|schooltaken|taken maken|studeren|studie|studieruimte|"
        "studiebegeleiding|bijles|bijlessen|blokken|examens|examen|huiswerkbegeleiding|huiswerkklas|"
        "leerhulp|studiehulp|studeerplek|studieplek|huiswerkondersteuning|schoolwerk|spreekbeurt|"
        "opdracht|opdrachten|paper|eindwerk",
        {JON: 0.7, SCH: 0.5},
    ),
    _c(
        "kinderopvang",
        "kinderopvang",
        # "?opvang": childcare in a question; in an offering also a shelter ("nachtopvang", "opvang voor daklozen")
        "kinderopvang|creche|?opvang|onthaalouder|kinderdagverblijf|naschoolse opvang|buitenschoolse opvang|"
        "ibo|loket kinderopvang|opvang zoeken|vakantieopvang|speelpleinwerking|peuterspeelzaal",
        {SCH: 0.8, ADM: 0.4},
    ),
    _c(
        "groeipakket",
        "Groeipakket",
        "groeipakket|kinderbijslag|kindergeld|schooltoeslag|startbedrag|kinderbijslagfonds|fons|infino|"
        "kidslife|parentia|myfamilius|gezinsbijslag",
        {SCH: 0.6, ADM: 0.6},
    ),
    _c(
        "mediaopvoeding",
        "kinderen en media",
        "mediawijs|mediawijsheid|schermtijd|ouderlijk toezicht|kinderen online|kind online|gamen|gaming|"
        "gameverslaving|digitale opvoeding|games|gamer",
        {SCH: 0.7, VEI: 0.3},
    ),
    # --- work --------------------------------------------------------------------------------------
    _c(
        "werk",
        "werk zoeken",
        "werk|job|jobs|vacature|vacatures|werk zoeken|werkzoeken|solliciteren|sollicitatie|sollicitaties|"
        "sollicitatiebrief|motivatiebrief|cv|curriculum|curriculum vitae|cv maken|werkgever|werkgevers|"
        "jobbeurs|jobstudent|studentenjob|vakantiejob|bijverdienen|geld verdienen|bijverdienste|"
        "flexijob|flexi-job|interim|uitzendkantoor|uitzendbureau|jobcoach|jobhoek|jobcafe|werkervaring|"
        "stage|stages|loopbaan|sollicitatiegesprek|jobinterview|sollicitatietraining|jobaanbod|"
        "tewerkstelling|arbeidsmarkt|jobdatabank|jobsite|weekendjob|zomerjob|jobstudenten|"
        "studentenwerk|bijbaan|bijbaantje|werkzoekende|werkzoekenden",
        {WRK: 1.0},
    ),
    _c(
        "vdab",
        "VDAB en Mijn Loopbaan",
        "vdab|mijn loopbaan|mijnloopbaan|werkwinkel|werkwinkels|vdab-dossier|vdab dossier|vdab-app|"
        "inschrijven als werkzoekende|werkzoekende inschrijven|vdab-opleiding|vdab-consulent|"
        "trajectbegeleider|consulent|consulenten|jobdienst|actiris|forem",
        {WRK: 1.0},
        ("werk",),
    ),
    _c(
        "werkloosheid",
        "werkloosheidsuitkering",
        "werkloosheidsuitkering|werkloosheid|werkloos|uitkering|rva|vakbond|hulpkas|capac|acv|abvv|aclvb|"
        "controlekaart|elektronische controlekaart|stempelkaart|c3 2|c4|tijdelijke werkloosheid",
        {WRK: 0.8, ADM: 0.5},
    ),
    _c(
        "linkedin",
        "LinkedIn en online profiel",
        # "?": said in a question, not read in an offering, where "netwerk" is a network of partners
        "linkedin|online profiel|profiel aanmaken|profielfoto|?netwerken",
        {WRK: 0.7},
    ),
    # --- online safety ----------------------------------------------------------------------------
    _c(
        "fraude",
        "phishing en fraude",
        "phishing|fraude|oplichting|opgelicht|oplichter|oplichters|oplichten|vals|valse|nep|nepbericht|"
        "nepmail|nepprofiel|nepwebsite|fake|scam|scams|verdacht|verdachte|verdachte berichten|"
        "verdachte link|verdachte mail|verdachte sms|spam|spoofing|smishing|hacker|hackers|gehackt|hacken|"
        "identiteitsdiefstal|safeonweb|cybercrime|oplichtingspraktijken|pakjesfraude|"
        "whatsapp-fraude|hallo mama|vriend in nood|helpdeskfraude|geld kwijt|datingfraude|ransomware|"
        "betrouwbaar|betrouwbare|echt of vals|misbruik|afpersing|sextortion|valse link|kwaadaardig",
        {VEI: 1.0},
        ("veilig",),
    ),
    _c(
        "veilig",
        "veilig online",
        "veilig|veiligheid|online veiligheid|veilig online|veilig internetten|internetveiligheid|privacy|"
        "beveiliging|beveiligen|beveiligd|sterk wachtwoord|wachtwoordmanager|antivirus|virus|virussen|"
        "malware|cookies|op slot|tweestapsverificatie|pesten|cyberpesten|online pesten|sexting|grooming|"
        "privacy-instellingen|accounts beveiligen|cyberveiligheid|cybersecurity|veiligheidstips|"
        "persoonsgegevens|gegevens beschermen",
        {VEI: 1.0},
    ),
    _c(
        "pakket",
        "pakjes en leveringen",
        "pakje|pakjes|pakket|pakketje|pakketten|bpost|postnl|dhl|gls|dpd|levering|bezorging|bezorger|"
        "track and trace|zending",
        {VEI: 0.5},
    ),
    # --- health online ------------------------------------------------------------------------------
    _c(
        "gezondheid",
        "gezondheid online",
        "gezondheid|gezondheidszorg|medisch|medische|ziek|ziekte|mentale gezondheid|e-health|"
        "ehealth|gezondheidsapp|gezondheidsapps|zorgverlener|zorgverleners",
        {GEZ: 0.8},
    ),
    _c(
        "myhealth",
        "MyHealth en medische gegevens",
        "myhealth|my health|myhealthviewer|myhealth viewer|mijn gezondheid|mijngezondheid|gezondheidsgegevens|"
        "medisch dossier|patientendossier|elektronisch patientendossier|vaccinatie|vaccinaties|"
        "vaccinatiebewijs|covid safe|covidsafe|medicatie|medicijnen|geneesmiddelen|voorschrift|"
        "voorschriften|e-voorschrift|elektronisch voorschrift|apotheek|apotheker|laboresultaten|"
        "labo-resultaten|mynexuzhealth|cozo|helena|medicatieschema",
        {GEZ: 1.0},
        ("gezondheid",),
    ),
    _c(
        "dokter",
        "dokter en huisarts",
        "huisarts|huisartsen|dokter|dokters|arts|artsen|doktersafspraak|online consultatie|"
        "teleconsultatie|doktr|doctr|doctena|doctoranytime|medispring|huisartsenpraktijk|wachtpost|"
        "huisartsenwachtpost|1733|ziekenhuis|specialist|tandarts|kinesist|psycholoog|gezondheidscentrum|"
        "wijkgezondheidscentrum|consultatie|vroedvrouw|kinderarts",
        {GEZ: 1.0},
        ("gezondheid",),
    ),
    _c(
        "ziekenfonds",
        "ziekenfonds en mutualiteit",
        "ziekenfonds|mutualiteit|mutualiteiten|mutualiteitsapp|ziekenfondsapp|cm|cm-app|mycm|"
        "christelijke mutualiteit|socialistische mutualiteit|solidaris|vlaams neutraal ziekenfonds|"
        "liberale mutualiteit|helan|partena|hulpkas voor ziekte-en invaliditeitsverzekering|"
        "mijn ziekenfonds|terugbetaling|terugbetalingen|getuigschrift|klevertjes|klevers|"
        "mijn mutualiteit|ziekte-uitkering|invaliditeit|zorgkas|zorgbudget|vlaamse sociale bescherming",
        {GEZ: 1.0, ADM: 0.3},
        ("gezondheid",),
    ),
    # --- language and digital -------------------------------------------------------------------------
    _c(
        "nederlands",
        "Nederlands leren",
        "nederlands|nederlands leren|nederlands oefenen|nt2|nederlands als tweede taal|taal|talen|taalles|"
        "taallessen|taalcursus|taalpunt|taalcafe|oefenkansen|conversatie|praatgroep|praattafel|babbelbox|"
        "taalprogramma|taalprogrammas|taalapp|duolingo|uitspraak|woordenschat|inburgering|"
        "inburgeringscursus|huis van het nederlands|atlas|cvo|taalcoach|taalmaatje|"
        "spreekvaardigheid|taalbad|taaloefening|taaloefeningen|babbelonie|conversatietafel|dutch",
        {TAA: 1.0},
    ),
    _c(
        "geletterdheid",
        "lezen en schrijven",
        # "?": a question about reading is about this; an offering's "nieuws lezen", "vacatures lezen" or
        # "voorleesuur" is not support for people who read with difficulty
        "laaggeletterd|laaggeletterdheid|laaggeletterde|laaggeletterden|niet goed lezen|moeite met lezen|"
        "moeite hebben met lezen|moeilijk lezen|moeilijk leest|kan niet lezen|lezen en schrijven|leren lezen|"
        "leesproblemen|analfabeet|analfabete|ongeletterd|niet kunnen lezen|?lezen|eenvoudige taal|"
        "duidelijke taal|klare taal|?voorlezen|basiseducatie|ligo|centrum voor basiseducatie|?rekenen|"
        "leren rekenen|lezen, schrijven en rekenen",
        {TAA: 0.6, BAS: 0.5},
    ),
    _c(
        "vertalen",
        "vertalen en tolken",
        "tolk|tolken|vertalen|vertaling|vertaler|google translate|vertaalapp|in mijn taal|eigen taal|"
        "moedertaal|sociaal tolk|sociaal tolken|tolkentelefoon|tolkendienst|meertalig|meertalige|"
        "thuistaal|in je eigen taal",
        {TAA: 1.0},
        service=True,
    ),
    # --- youth and seniors ------------------------------------------------------------------------------
    _c(
        "jeugdwerk",
        "jeugdwerk",
        "jeugdhuis|jeugdwerk|jongerenwerker|jongerenwerkers|jeugdwerker|jeugdwerkers|jongerencentrum|"
        "jeugddienst|jeugdcentrum|jongerenwerking|jeugdwerking|tienerwerking|jeugdbeweging|fuif|hangplek|jongerenhuis",
        {JON: 1.0},
    ),
    _c("creatief", "digitaal creatief", "digitaal creatief|creatief met digitale media|mediaatelier", {JON: 0.5}),
    _c(
        "programmeren",
        "programmeren",
        "coderen|programmeren|codeer|codeles|robotica|robots|coderdojo|scratch|python|games maken|"
        "apps bouwen|app ontwikkelen|website maken|website bouwen|webdesign|html",
        {JON: 0.6, BAS: 0.3},
        ("creatief",),
        service=True,
    ),
    _c(
        "media-maken",
        "video, foto en geluid bewerken",
        "videomontage|video monteren|monteren|filmpje maken|vlog|vlogs|vloggen|vlogger|youtuber|animatie|"
        "podcast|muziek maken|fotobewerking|foto bewerken|photoshop|grafisch ontwerp|canva",
        {JON: 0.6, BAS: 0.3},
        ("creatief",),
    ),
    _c(
        "maker",
        "3D-printen en makerspace",
        "3d-printen|3d-printer|3d printen|lasercutter|fablab|makerspace|maker|makers|elektronica|arduino",
        {JON: 0.6},
        ("creatief",),
        service=True,
    ),
    _c(
        "dienstencentrum",
        "dienstencentrum en seniorenwerking",
        "dienstencentrum|lokaal dienstencentrum|woonzorgcentrum|serviceflat|seniorenvereniging|okra|s-plus|"
        "vief|seniorennet|thuiszorg|mantelzorg|mantelzorger|personenalarm|rusthuis|seniorenraad|"
        "seniorenwerking|ouderenzorg",
        {SEN: 1.0},
    ),
    _c(
        "aan-huis",
        "hulp aan huis",
        # "?rolstoel": in a question it tells who needs help at home, in an offering a building's access
        "aan huis|thuis|thuis komen|thuis komt|komt thuis|thuis helpen|thuis langskomen|bij mij thuis|"
        "bij haar thuis|bij hem thuis|hulp thuis|huisbezoek|huisbezoeken|bij je thuis|bij mensen thuis|"
        "aan huis gebonden|niet mobiel|minder mobiel|beperkt mobiel|slecht te been|kan niet buiten|niet buiten|"
        "komt niet buiten|bedlegerig|?rolstoel|langskomen|langs komen|thuisbezoek|aan huis komen|"
        "in je woonkamer|bij u thuis|aan huis gekluisterd|huisgebonden|bij jou thuis|thuis langs",
        {SEN: 0.6, BAS: 0.4},
    ),
    # --- format words: help ranking, never make a question answerable ------------------------------------
    _c(
        "les",
        "les of cursus",
        "cursus|cursussen|les|lessen|workshop|workshops|opleiding|opleidingen|training|trainingen|vorming|"
        "vormingen|sessie|sessies|infosessie|infosessies|infomoment|reeks|lessenreeks|klas|groepsles|"
        "lesmoment|lesmomenten|oefenmoment|oefenmomenten|leren|oefenen|oefening|lesgever|lesgeefster|"
        "cursist|cursisten|leskaart|begeleiding|ondersteuning|coaching",
        weak=True,
    ),
    _c(
        "inloop",
        "vrije inloop",
        "vrije inloop|inloop|zonder afspraak|inloopmoment|openingsuren|zitdag|zitdagen|permanentie|spreekuur",
        weak=True,
    ),
    # how one gets in, said in a question ("hulp met itsme op afspraak"): a wish about access, not something
    # to get help with (that is "afspraak maken")
    _c("op-afspraak", "op afspraak", "op afspraak|na afspraak|enkel op afspraak|alleen op afspraak", weak=True),
    _c(
        "gratis",
        "gratis",
        "gratis|kosteloos|geen kosten|zonder kosten|goedkoop|goedkope|kleine prijs|kleine bijdrage",
        weak=True,
    ),
    _c(
        "online",
        "online",
        "online|digitaal|digitale|via internet|op internet|via het internet|op het internet|"
        "via de computer|internetgebruik|elektronisch|elektronische|van thuis uit|vanuit je zetel|op afstand|"
        "vanop afstand",
        weak=True,
    ),
    _c(
        "probleem",
        "probleem",
        "werkt niet meer|werkt niet|lukt niet|lukt niet meer|foutmelding|error|storing|vastzitten|zit vast",
        weak=True,
    ),
    # "?": "een jaar", "lang", "maanden" ask for a long loan in a question; in an offering they are ages ("tot 16
    # jaar"), "kom langs", "elke maand"
    _c("langdurig", "voor lange tijd", "langdurig|langdurige|lange tijd|?lang|?jaar|?maanden|permanent", weak=True),
)

# ---------------------------------------------------------------------------------------------
# Target groups
# ---------------------------------------------------------------------------------------------

# The keys are those of `labels_nl.TARGET_GROUP_LABELS` (what the /aanbod form stores and the
# importer maps to); each with the words people use for the group. "iedereen" is no restriction.
TARGET_GROUPS: dict[str, tuple[str, ...]] = {
    "senioren": (
        "senior",
        "senioren",
        "seniors",
        "oudere",
        "ouderen",
        "bejaarde",
        "bejaarden",
        "bejaard",
        "gepensioneerd",
        "gepensioneerde",
        "gepensioneerden",
        "grootouder",
        "grootouders",
        "kleinkind",
        "kleinkinderen",
        "kleinzoon",
        "kleindochter",
        "oma",
        "opa",
        "bomma",
        "bompa",
        "grootmoeder",
        "grootvader",
        "plusser",
        "plussers",
        "65plusser",
        "65plussers",
        "55plusser",
        "55plussers",
        "60plusser",
        "60plussers",
        "vijftigplusser",
        "zestigplusser",
        "zestiger",
        "zeventiger",
        "tachtiger",
        "negentiger",
        "derde leeftijd",
        "op leeftijd",
        "ouder persoon",
        "oudere persoon",
        "oudere mensen",
        "ouderen",
        "gepensioneerd",
    ),
    "ouders": (
        "ouder",
        "ouders",
        "moeder",
        "moeders",
        "mama",
        "mamas",
        "vader",
        "vaders",
        "papa",
        "papas",
        "opvoeder",
        "opvoeders",
        "zoon",
        "dochter",
        "baby",
        "peuter",
        "kleuter",
        "gezin",
        "gezinnen",
        "alleenstaande ouder",
        "aanstaande ouders",
        "zwanger",
        "moedermoment",
        "ouderochtend",
        "oudercafe",
    ),
    "jongeren": (
        "jongere",
        "jongeren",
        "jongerengroep",
        "tiener",
        "tieners",
        "student",
        "studenten",
        "scholier",
        "scholieren",
        "jeugd",
        "jongvolwassene",
        "jongvolwassenen",
        "puber",
        "pubers",
        "adolescent",
        "adolescenten",
        "tieners",
        "jong",
        "jonge",
        "jongens",
        "meisjes",
        "jeugdhuis",
        "studentenjob",
        "jobstudent",
    ),
    "anderstaligen": (
        "anderstalig",
        "anderstalige",
        "anderstaligen",
        "nieuwkomer",
        "nieuwkomers",
        "vluchteling",
        "vluchtelingen",
        "asielzoeker",
        "asielzoekers",
        "inburgeraar",
        "inburgeraars",
        "migrant",
        "migranten",
        "expat",
        "expats",
        "spreekt geen nederlands",
        "weinig nederlands",
        "geen nederlands",
        "nt2",
        "anderstalige nieuwkomers",
        "verzoeker internationale bescherming",
    ),
    "werkzoekenden": (
        "werkzoekend",
        "werkzoekende",
        "werkzoekenden",
        "werkloos",
        "werkloze",
        "werklozen",
        "zonder werk",
        "job kwijt",
        "werk kwijt",
        "ontslagen",
        "leefloner",
        "leefloners",
        "op zoek naar werk",
    ),
    "kinderen": (
        "kind",
        "kinderen",
        "kindje",
        "lagereschoolkinderen",
        "schoolkinderen",
        "basisschoolkinderen",
    ),
    "laaggeletterden": (
        "laaggeletterd",
        "laaggeletterde",
        "laaggeletterden",
        "laaggeletterdheid",
        "ongeletterd",
        "analfabeet",
        "analfabeten",
        "kan niet lezen",
        "kan niet goed lezen",
        "kan moeilijk lezen",
        "moeite met lezen",
        "niet kunnen lezen",
        "lezen en schrijven moeilijk",
    ),
    "professionals": ("hulpverleners", "professional", "professionals", "intermediairs"),
    "vrouwen": (
        "vrouw",
        "vrouwen",
        "dames",
        "vrouwengroep",
        "vrouwenvereniging",
        "moeders",
        "mama",
        "moeder",
        "alleen voor vrouwen",
        "meisjes",
    ),
    "mensen-met-een-beperking": (
        "mensen met een beperking",
        "persoon met een beperking",
        "personen met een beperking",
        "beperking",
        "beperkingen",
        "handicap",
        "gehandicapt",
        "blind",
        "blinden",
        "slechtziend",
        "slechtziende",
        "slechtzienden",
        "doof",
        "doven",
        "slechthorend",
        "slechthorende",
        "rolstoel",
        "rolstoelgebruiker",
        "mentale beperking",
        "verstandelijke beperking",
        "autisme",
        "dementie",
    ),
    "iedereen": ("iedereen", "alle leeftijden", "volwassenen", "buurtbewoners", "alle inwoners"),
}


def target_group_key(term: str) -> str | None:
    """The vocabulary key for a target group as a file or an older version wrote it: "Senioren",
    "mensen met een beperking", "beperking", "mensen-met-een-beperking" -> a key; None if unknown."""
    text = " ".join(term.lower().replace("-", " ").replace("_", " ").split())
    for key, terms in TARGET_GROUPS.items():
        if text == key.replace("-", " ") or text in terms:
            return key
    return None


# Words for a child of someone: the question does not say who the client is ("mijn dochter wordt
# gepest": the girl or her parent), so the group they point to ranks, it does not filter.
CHILD_WORDS: frozenset[str] = frozenset(
    """zoon dochter kind kinderen kindje baby peuter kleuter kleinkind kleinkinderen kleinzoon kleindochter""".split()
)

AGE_SENIOR_FROM = 55
AGE_YOUTH_UNTIL = 25

# ---------------------------------------------------------------------------------------------
# Languages: Dutch names and adjectives -> ISO 639-1 (639-3 where no 2-letter code exists)
# ---------------------------------------------------------------------------------------------

DEFAULT_LANGUAGE = "nl"

_LANGUAGE_BASES: dict[str, str] = {
    "nederlands": "nl",
    "vlaams": "nl",
    "frans": "fr",
    "engels": "en",
    "duits": "de",
    "arabisch": "ar",
    "turks": "tr",
    "berbers": "ber",
    "tamazight": "ber",
    "tamazigh": "ber",
    "amazigh": "ber",
    "riffijns": "ber",
    "tarifit": "ber",
    "kabylisch": "ber",
    "spaans": "es",
    "portugees": "pt",
    "italiaans": "it",
    "pools": "pl",
    "roemeens": "ro",
    "bulgaars": "bg",
    "russisch": "ru",
    "oekraiens": "uk",
    "wit-russisch": "be",
    "somalisch": "so",
    "somali": "so",
    "tigrinya": "ti",
    "tigrinia": "ti",
    "tigrinisch": "ti",
    "amhaars": "am",
    "oromo": "om",
    "dari": "prs",
    "pashto": "ps",
    "pasjtoe": "ps",
    "pasjtoes": "ps",
    "farsi": "fa",
    "perzisch": "fa",
    "koerdisch": "ku",
    "sorani": "ckb",
    "kurmanci": "kmr",
    "armeens": "hy",
    "georgisch": "ka",
    "albanees": "sq",
    "servisch": "sr",
    "kroatisch": "hr",
    "bosnisch": "bs",
    "macedonisch": "mk",
    "grieks": "el",
    "hongaars": "hu",
    "tsjechisch": "cs",
    "slowaaks": "sk",
    "sloveens": "sl",
    "litouws": "lt",
    "lets": "lv",
    "ests": "et",
    "chinees": "zh",
    "mandarijn": "zh",
    "kantonees": "yue",
    "japans": "ja",
    "koreaans": "ko",
    "vietnamees": "vi",
    "thais": "th",
    "tagalog": "tl",
    "filipijns": "tl",
    "hindi": "hi",
    "urdu": "ur",
    "punjabi": "pa",
    "bengaals": "bn",
    "tamil": "ta",
    "nepalees": "ne",
    "hebreeuws": "he",
    "swahili": "sw",
    "lingala": "ln",
    "fula": "ff",
    "wolof": "wo",
    "yoruba": "yo",
    "igbo": "ig",
    "twi": "tw",
    "malinke": "mnk",
    "bambara": "bm",
    "uzbeeks": "uz",
    "tsjetsjeens": "ce",
    "roma": "rom",
    "romani": "rom",
    "gebarentaal": "vgt",
    "vlaamse gebarentaal": "vgt",
}

# Different codes a directory may use for the same language family.
LANGUAGE_EQUIVALENTS: dict[str, frozenset[str]] = {
    "ber": frozenset({"ber", "zgh", "rif", "tzm", "kab", "shi"}),
    "ar": frozenset({"ar", "ary", "arb", "apc", "arz"}),
    "fa": frozenset({"fa", "prs", "pes"}),
    "prs": frozenset({"prs", "fa"}),
    "ku": frozenset({"ku", "ckb", "kmr"}),
    "zh": frozenset({"zh", "cmn", "yue"}),
    "nl": frozenset({"nl", "vls"}),
    "tl": frozenset({"tl", "fil"}),
}


def language_forms(base: str) -> tuple[str, ...]:
    """arabisch -> arabisch, arabische, arabischtalig(e/en), arabischsprekend(e/en)."""
    forms = [base, base + "e"]
    for suffix in ("talig", "talige", "taligen", "sprekend", "sprekende", "sprekenden"):
        forms.append(base + suffix)
    return tuple(forms)


LANGUAGES: dict[str, str] = {form: code for base, code in _LANGUAGE_BASES.items() for form in language_forms(base)}

# English names an HSDS file may use for a language instead of a code.
_LANGUAGE_NAMES_EN: dict[str, str] = {
    "dutch": "nl",
    "flemish": "nl",
    "french": "fr",
    "english": "en",
    "german": "de",
    "arabic": "ar",
    "turkish": "tr",
    "berber": "ber",
    "spanish": "es",
    "portuguese": "pt",
    "italian": "it",
    "polish": "pl",
    "romanian": "ro",
    "bulgarian": "bg",
    "russian": "ru",
    "ukrainian": "uk",
    "somali": "so",
    "tigrinya": "ti",
    "amharic": "am",
    "dari": "prs",
    "pashto": "ps",
    "persian": "fa",
    "farsi": "fa",
    "kurdish": "ku",
    "albanian": "sq",
    "urdu": "ur",
    "chinese": "zh",
    "mandarin": "zh",
    "armenian": "hy",
    "georgian": "ka",
    "serbian": "sr",
    "croatian": "hr",
    "bosnian": "bs",
    "greek": "el",
    "hungarian": "hu",
    "czech": "cs",
    "slovak": "sk",
    "vietnamese": "vi",
    "thai": "th",
    "hindi": "hi",
    "punjabi": "pa",
    "bengali": "bn",
    "tamil": "ta",
    "nepali": "ne",
    "hebrew": "he",
    "swahili": "sw",
    "lingala": "ln",
    "japanese": "ja",
    "korean": "ko",
    "flemish sign language": "vgt",
}


def language_code(name: str) -> str | None:
    """The language code for a language's name, Dutch ("Arabisch", "Oekraïens") or English ("Arabic")."""
    text = " ".join(name.lower().replace("ï", "i").replace("ë", "e").split())
    return LANGUAGES.get(text) or _LANGUAGE_NAMES_EN.get(text)


def language_name_nl(code: str) -> str | None:
    """A Dutch name for a language code ("prs" -> "Dari"), from the same table; None if unknown."""
    base = code.lower().split("-")[0]
    for name, c in _LANGUAGE_BASES.items():
        if c == base:
            return name.capitalize()
    return None


# ---------------------------------------------------------------------------------------------
# Days and parts of day
# ---------------------------------------------------------------------------------------------

WEEKDAYS: dict[str, int] = {
    "maandag": 0,
    "dinsdag": 1,
    "woensdag": 2,
    "donderdag": 3,
    "vrijdag": 4,
    "zaterdag": 5,
    "zondag": 6,
}

WEEKDAY_GROUPS: dict[str, frozenset[int]] = {
    "weekend": frozenset({5, 6}),
    "weekends": frozenset({5, 6}),
    "weekdag": frozenset({0, 1, 2, 3, 4}),
    "weekdagen": frozenset({0, 1, 2, 3, 4}),
    "werkdag": frozenset({0, 1, 2, 3, 4}),
    "werkdagen": frozenset({0, 1, 2, 3, 4}),
}

PARTS_OF_DAY: dict[str, tuple[time, time]] = {
    "voormiddag": (time(8, 0), time(12, 0)),
    "ochtend": (time(8, 0), time(12, 0)),
    "ochtends": (time(8, 0), time(12, 0)),
    "voormiddags": (time(8, 0), time(12, 0)),
    "namiddags": (time(12, 0), time(18, 0)),
    "na de middag": (time(12, 0), time(18, 0)),
    "in de voormiddag": (time(8, 0), time(12, 0)),
    "morgens": (time(8, 0), time(12, 0)),
    "middag": (time(12, 0), time(14, 0)),
    "middags": (time(12, 0), time(14, 0)),
    "middagpauze": (time(12, 0), time(14, 0)),
    "lunchpauze": (time(12, 0), time(14, 0)),
    "namiddag": (time(12, 0), time(18, 0)),
    "avond": (time(17, 0), time(22, 0)),
    "avonds": (time(17, 0), time(22, 0)),
    "avondles": (time(17, 0), time(22, 0)),
    "avondlessen": (time(17, 0), time(22, 0)),
    "overdag": (time(8, 0), time(17, 0)),
    "na school": (time(15, 30), time(19, 0)),
    "na schooltijd": (time(15, 30), time(19, 0)),
    "na het werk": (time(17, 0), time(22, 0)),
    "na de werkuren": (time(17, 0), time(22, 0)),
}

# Relative day words, resolved against the search's `now`: name -> (days ahead, part of day or None).
RELATIVE_DAYS: dict[str, tuple[int, str | None]] = {
    "vandaag": (0, None),
    "vanavond": (0, "avond"),
    "vanmiddag": (0, "namiddag"),
    "vannamiddag": (0, "namiddag"),
    "vanmorgen": (0, "voormiddag"),
    "vanochtend": (0, "voormiddag"),
    "vanvoormiddag": (0, "voormiddag"),
    "morgen": (1, None),
    "morgenavond": (1, "avond"),
    "morgenochtend": (1, "voormiddag"),
    "morgenvoormiddag": (1, "voormiddag"),
    "morgennamiddag": (1, "namiddag"),
    "morgenmiddag": (1, "namiddag"),
    "overmorgen": (2, None),
}

OPEN_NOW_PHRASES: tuple[tuple[str, ...], ...] = (
    ("nu",),
    ("nu", "open"),
    ("open", "nu"),
    ("momenteel",),
    ("op", "dit", "moment"),
    ("meteen",),
    ("onmiddellijk",),
    ("nu", "meteen"),
    ("direct",),
    ("rechtstreeks", "binnenlopen"),
)

# ---------------------------------------------------------------------------------------------
# Places in Antwerp (districts and well-known neighbourhoods); the index adds the areas it sees.
# ---------------------------------------------------------------------------------------------

ANTWERP_AREAS: tuple[str, ...] = (
    "Antwerpen",
    "Berchem",
    "Berendrecht-Zandvliet-Lillo",
    "Berendrecht",
    "Zandvliet",
    "Lillo",
    "Borgerhout",
    "Deurne",
    "Ekeren",
    "Hoboken",
    "Merksem",
    "Wilrijk",
    "Linkeroever",
    "Kiel",
    "Zurenborg",
    "Seefhoek",
    "Stuivenberg",
    "Dam",
    "Luchtbal",
    "Rozemaai",
    "Schipperskwartier",
    "Eilandje",
    "Het Zuid",
    "Sint-Andries",
    "Haringrode",
    "Brederode",
    "Oud-Borgerhout",
    "Tuinwijk",
    "Bosuil",
    "Deurne-Noord",
    "Deurne-Zuid",
    "Antwerpen-Noord",
    "Groenkwartier",
    "Park Spoor Noord",
    "Kiel-Zuid",
    "Silsburg",
    "Moretusburg",
    "Polderstad",
    "Sint-Anneke",
    "Nieuw Zuid",
    "Groenenhoek",
    "Historisch Centrum",
    "Kievitwijk",
)

# ---------------------------------------------------------------------------------------------
# Common Dutch content words: a lexicon for compound splitting and for telling typos from words.
# ---------------------------------------------------------------------------------------------

COMMON_WORDS: frozenset[str] = frozenset(
    """
    dag dagen week weken maand maanden jaar jaren uur uren minuut tijd moment momenten namiddag
    ochtend avond middag nacht morgen vandaag gisteren weekend
    huis thuis woning kamer keuken tafel stoel deur raam straat buurt wijk stad land plein park
    centrum gebouw lokaal zaal ruimte hoek kamer buurthuis buurtkamer buurtwerk buurtcentrum
    ontmoeting ontmoetingsplek koffie taart thee soep eten drinken
    man vrouw kind kinderen jongen meisje familie vriend buur buren groep groepen team vrijwilliger
    vrijwilligers medewerker medewerkers begeleider begeleiders lesgever coach maatschappelijk werker
    werker werkers consulent deskundige ervaringsdeskundige
    school les klas taak taken boek boeken papier pen brief kaart code sleutel nummer naam adres
    geld euro prijs kost kosten waarborg bijdrage betaling rekening bank winkel markt
    auto fiets bus tram trein station
    hulp vraag vragen antwoord probleem oplossing info informatie uitleg
    goed slecht nieuw oud groot klein lang kort snel traag makkelijk moeilijk eenvoudig gratis
    eerst laatst eerste tweede derde vast vaste vrij vrije open dicht gesloten
    video film beeld geluid muziek spel spelletje foto tekening
    lezen schrijven rekenen spreken luisteren praten bellen typen kijken zoeken vinden
    werk werken leren oefenen helpen maken doen gaan komen zien horen weten kennen denken
    aanvraag aanvragen invullen tonen delen sturen krijgen geven nemen zetten stellen
    koptelefoon hoofdtelefoon oortjes microfoon webcam
    montage bouwen maken ontwerp ontwerpen reparatie hersteller loodgieter elektricien kapper
    gezondheid zorg dokter ziekte pijn
    veilig veiligheid gevaar risico
    taal talen woord woorden zin zinnen tekst teksten
    digitaal digitale online internet website app computer gsm
    netwerk lerend punt plaats plek lijn post bericht berichten melding meldingen
    digi mobiel toestel scherm knop batterij kabel lader
    nieuws weer radio televisie tv krant tijdschrift
    vakantie zomer winter lente herfst feest verjaardag
    senior jong oud ouder jongere oudere
    """.split()
)

# Nouns for needs outside digital inclusion: when such a word is the unmatched core of a question
# ("fiets herstellen", "kapper aan huis"), a digital offering that matches the rest is not an answer.
OFF_DOMAIN_WORDS: frozenset[str] = frozenset(
    """
    loodgieter elektricien schilder behanger klusjesman klusjes dakwerker tuinier tuin tuinman poetshulp
    poetsvrouw strijken strijkdienst kapper kapsalon manicure pedicure schoonheidsspecialist
    fiets fietsen fietsherstelling auto autos wagen garage rijles rijlessen rijschool taxi
    yoga fitness sport sporten voetbal zwemmen zwemles zwemlessen dansen dansles turnen petanque
    koken kookles kookcursus bakken naaien naailes breien haken knutselen schilderen tekenles
    muziekles gitaar piano zingen koor theater museum concert uitstap
    advocaat notaris deurwaarder rechter politie brandweer
    dierenarts hond honden kat katten huisdier
    meubels kleren kleding schoenen voedselpakket voedselbank
    verhuisfirma verhuiswagen container afval grofvuil
    """.split()
)
