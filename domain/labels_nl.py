"""Dutch labels for the fixed choices of an offering: languages, target groups, access, place, status.

The keys are the shared vocabulary's (`vocabulary_nl`): the /aanbod form, the importer, the cards and
the search all use these keys; the words people use for them live in `vocabulary_nl`.
"""

from __future__ import annotations

from domain.vocabulary_nl import language_name_nl

UNKNOWN_LANGUAGE = "andere taal"

LANGUAGE_LABELS: dict[str, str] = {
    "nl": "Nederlands",
    "fr": "Frans",
    "en": "Engels",
    "ar": "Arabisch",
    "tr": "Turks",
    "ber": "Berbers (Tamazight)",
    "es": "Spaans",
    "pl": "Pools",
    "ro": "Roemeens",
    "bg": "Bulgaars",
    "ru": "Russisch",
    "uk": "Oekraïens",
    "so": "Somalisch",
    "ti": "Tigrinya",
    "fa": "Farsi / Dari",
    "ps": "Pashto",
    "ku": "Koerdisch",
    "pt": "Portugees",
    "it": "Italiaans",
    "de": "Duits",
    "sq": "Albanees",
    "am": "Amhaars",
    "ur": "Urdu",
    "zh": "Chinees",
    "vgt": "Vlaamse Gebarentaal",
}

TARGET_GROUP_LABELS: dict[str, str] = {
    "iedereen": "Iedereen",
    "senioren": "Senioren",
    "ouders": "Ouders",
    "jongeren": "Jongeren",
    "kinderen": "Kinderen",
    "anderstaligen": "Anderstaligen en nieuwkomers",
    "werkzoekenden": "Werkzoekenden",
    "laaggeletterden": "Laaggeletterden",
    "mensen-met-een-beperking": "Mensen met een beperking",
    "professionals": "Hulpverleners en vrijwilligers",
    "vrouwen": "Vrouwen",
}


def language_label(code: str) -> str:
    """Dutch name of a language code, never the code itself."""
    return LANGUAGE_LABELS.get(code) or language_name_nl(code) or UNKNOWN_LANGUAGE


def target_group_label(key: str) -> str:
    return TARGET_GROUP_LABELS.get(key, key)


ACCESS_LABELS: dict[str, str] = {
    "walk_in": "Vrij binnenlopen",
    "appointment": "Op afspraak",
    "referral": "Na doorverwijzing",
}

LOCATION_KIND_LABELS: dict[str, str] = {
    "address": "Op een adres",
    "online": "Online",
    "at_home": "Aan huis",
}

STATUS_LABELS: dict[str, str] = {"active": "actief", "paused": "gepauzeerd", "ended": "stopgezet"}

ORGANISATION_KINDS: dict[str, str] = {
    "bibliotheek": "Bibliotheek",
    "basiseducatie": "Basiseducatie / volwassenenonderwijs",
    "sociaal-cultureel-werk": "Sociaal-cultureel werk (Avansa, …)",
    "caw": "CAW",
    "huis-van-het-kind": "Huis van het Kind",
    "buurtwerk": "Buurtwerk / samenlevingsopbouw",
    "sociale-huisvesting": "Sociale huisvesting",
    "school": "School",
    "stadsdienst": "Stedelijke dienst / district",
    "ocmw": "OCMW / sociaal huis",
    "digipunt": "Digipunt",
    "gezondheid": "Gezondheid / ziekenfonds",
    "werk": "Werk (VDAB, …)",
    "andere": "Andere",
}
