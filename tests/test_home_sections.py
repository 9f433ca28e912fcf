"""The Home tab is composed of the features' own sections (plugin/features.py `home_sections`)."""

from __future__ import annotations

from commands import aanbod, agenda, doorverwijzing, hiaten
from plugin.features import home_sections
from plugin.views.home import home_view
from plugin.views.kit import context, divider, section
from storage.networks import NetworkRef
from tests.blockkit import assert_valid_view

NET = NetworkRef(
    id=1,
    team_id="T1",
    name="Lerend netwerk Deurne",
    neighbourhood="Deurne",
    is_city_wide=False,
    city_network_id=None,
    coordinator_user_id="UTREK",
    announce_channel_id=None,
    members_may_post_agenda=False,
)


def test_each_feature_provides_its_section_in_the_order_of_the_feature_list() -> None:
    assert home_sections() == (
        agenda.home_section,
        aanbod.home_section,
        doorverwijzing.home_section,
        hiaten.home_section,
    )


def test_sections_follow_the_buttons_with_a_divider_between_them_and_an_empty_one_left_out() -> None:
    first, second = [section("*Volgend overleg*: nog niet gepland.")], [section("*Grootste hiaten*")]
    view = home_view(NET, sections=[first, [], second])
    assert_valid_view(view)
    blocks = view["blocks"]
    assert blocks[2]["type"] == "actions" and blocks[2]["block_id"] == "home_buttons"
    assert blocks[3:6] == [*first, divider(), *second]
    assert blocks[6:] == [
        context(
            "`/verwijs` zoekt een partner · `/aanbod` beheert je aanbod · `/hiaten` toont alle hiaten · "
            "`/kennis` zoekt in de kennisbank"
        )
    ]
