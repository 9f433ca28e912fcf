"""The three HTML pages of the OAuth install, in Dutch (Bolt's own are English): the install page, the
page after a successful install and the page after a failed one. Each carries only its own inline style
(plugin/protection.py allows it by hash) and no script."""

from __future__ import annotations

from html import escape

from slack_bolt.oauth.oauth_flow import OAuthFlow
from slack_bolt.request import BoltRequest

_STYLE = """
body { font-family: system-ui, sans-serif; max-width: 36rem; margin: 3rem auto; padding: 0 1rem;
       color: #1d1c1d; line-height: 1.5; }
a.knop { display: inline-block; background: #4a154b; color: #fff; padding: .7rem 1.2rem;
         border-radius: .4rem; text-decoration: none; font-weight: 600; }
"""

# Why an install failed, as Bolt and Slack name it, told to the person who tried.
_REASONS_NL = {
    "access_denied": "Je hebt de installatie geannuleerd in Slack.",
    "invalid_browser": "De installatie begon in een andere browser of het venster bleef te lang open.",
    "invalid_state": "De installatielink is verlopen of werd al gebruikt.",
    "missing_code": "Slack gaf geen toestemmingscode terug.",
    "invalid_code": "Slack aanvaardde de toestemmingscode niet.",
    "storage_error": "De installatie kon niet bewaard worden.",
}
_UNKNOWN_REASON = "Er ging iets mis tussen Slack en Lerend Netwerk."


def _page(title: str, body: str) -> str:
    return (
        '<!doctype html>\n<html lang="nl">\n<head>\n<meta charset="utf-8">\n<link rel="icon" href="data:,">\n'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">\n<title>{escape(title)}</title>\n'
        f"<style>{_STYLE}</style>\n</head>\n<body>\n<h1>{escape(title)}</h1>\n{body}\n</body>\n</html>\n"
    )


def install_page(url: str) -> str:
    return _page(
        "Lerend Netwerk installeren",
        f'<p><a href="{escape(url)}" class="knop">Voeg Lerend Netwerk toe aan Slack</a></p>\n'
        "<p>Slack vraagt je daarna om toestemming. Wie installeert, wordt trekker van het eerste "
        "lerend netwerk van de werkruimte.</p>",
    )


def success_page(team_id: str | None, app_id: str | None) -> str:
    app_link = f"slack://app?team={team_id}&id={app_id}" if team_id and app_id else "slack://open"
    browser = f"https://app.slack.com/client/{team_id}" if team_id else "https://app.slack.com/client"
    return _page(
        "Lerend Netwerk is geïnstalleerd",
        f'<p><a href="{escape(app_link)}" class="knop">Open Slack</a></p>\n'
        f'<p>Werk je met Slack in de browser? <a href="{escape(browser)}">Open Slack in de browser</a>. '
        "Typ daar <code>/netwerk</code> om je netwerk in te stellen.</p>",
    )


def failure_page(reason: str, retry_path: str) -> str:
    said = _REASONS_NL.get(reason, _UNKNOWN_REASON)
    return _page(
        "De installatie is niet gelukt",
        f"<p>{escape(said)} Er is niets geïnstalleerd.</p>\n"
        f'<p><a href="{escape(retry_path)}" class="knop">Probeer opnieuw</a></p>',
    )


class DutchOAuthFlow(OAuthFlow):
    """Bolt's OAuth flow with our own (Dutch) install page; the callback pages come from CallbackOptions."""

    def build_install_page_html(self, url: str, request: BoltRequest) -> str:
        return install_page(url)
