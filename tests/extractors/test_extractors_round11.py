"""Round 11 (issue 14): what the spent held-out probe files and the round-11 tuning file showed. Texts written
for this test.

Status and contact:
- "last" marks the latest of earlier occasions as recalled: "Kim last travelled to Russia in 2023, when he met
  Putin", "The last time the two governments met ...".
- A contact argued for is proposed: "supported dialogue between Japan and North Korea".
- A standing channel ("the main point of contact between the two governments") and being in touch ("remained
  in contact with its counterpart") are no contact.
- "Trump talks next in Tokyo" is ahead; "officials meet ahead of the summit" is not.
- "has been put back" is a postponement.
- A contact word hung on a comma after another restates it ("set to hold talks next week, their first
  negotiations in a decade").
- A former prime minister holds no office, and "the two men" then are not the two governments.

Level:
- Who a contact brought together: "involved officials at the level of counsellor", "brought together
  mid-ranking diplomats", "which pitted a director-general against ...".
- "government-level" says only that governments met: senior officials unless the story says who.
- Who tells of a meeting ("the chief cabinet secretary said the meeting had been held") was not at it.
- A channel beats a rank ("working-level talks" between colonels are military), but foreign ministers at the
  table make a "2+2" with defence ministers diplomatic.
- A parliament's chairman is parliamentary.
"""

from __future__ import annotations

import datetime as dt

import pytest

from extractors import extract
from extractors.events import Article, Event

PUB = dt.date(2026, 6, 17)  # a Wednesday


def _events(text: str, pair: str) -> list[Event]:
    want = tuple(sorted(pair.split("-")))
    return [e for e in extract(Article(id="t", text=text, published=PUB)) if e.countries == want]


def _new(text: str, pair: str) -> list[Event]:
    return [e for e in _events(text, pair) if e.is_new_contact]


NOT_NEW: dict[str, tuple[str, str]] = {
    "last_travelled_when_met": (
        "PRK-RUS",
        (
            "Kremlin expects Kim in Moscow\n\nThe Kremlin said on Tuesday it expected Kim Jong Un to visit Moscow. "
            "Kim last travelled to Russia in 2023, when he met Putin at a cosmodrome in the Far East."
        ),
    ),
    "the_last_time_they_met": (
        "JPN-PRK",
        (
            "Japan and North Korea are scheduled to meet in Stockholm next Thursday, Sweden said on Friday. The last "
            "time the two governments met in the Swedish capital, officials recalled, the talks ran for three days."
        ),
    ),
    "supported_dialogue": (
        "JPN-PRK",
        (
            "Japanese and Chinese vice ministers met in Beijing on Tuesday. The Chinese side said it supported "
            "dialogue between Japan and North Korea."
        ),
    ),
    "point_of_contact": (
        "PRK-USA",
        (
            "The New York channel is the main point of contact between the United States and North Korea, which "
            "have no diplomatic relations."
        ),
    ),
    "remained_in_contact": (
        "JPN-PRK",
        "Japan's Red Cross said on Tuesday it remained in contact with its North Korean counterpart.",
    ),
    "talks_next": (
        "JPN-USA",
        (
            "Takaichi leaves for Kuala Lumpur; Trump talks next in Tokyo\n\nPrime Minister Sanae Takaichi left Tokyo "
            "on Saturday for Malaysia. She is to hold her first summit with President Donald Trump in Tokyo on Tuesday."
        ),
    ),
    "put_back": (
        "JPN-PRK",
        (
            "A Japan-North Korea Red Cross meeting that was to open in Shenyang this week has been put back at "
            "Pyongyang's request, the Japanese society said on Tuesday."
        ),
    ),
    "apposition_on_a_comma": (
        "JPN-PRK",
        (
            "TOKYO, June 16 (Kyokuto) -- Japanese and North Korean officials are set to hold talks in Ulaanbaatar "
            "next week, their first publicly announced negotiations in more than a decade, sources said Tuesday."
        ),
    ),
    "former_prime_minister": (
        "JPN-RUS",
        (
            "Former Japanese prime minister meets Lavrov in Moscow\n\nA former Japanese prime minister met Russian "
            "Foreign Minister Sergei Lavrov in Moscow on Thursday during a private visit. The two men discussed the "
            "history of relations."
        ),
    ),
}


def test_ahead_of_a_summit_still_reports_the_officials_meeting() -> None:
    text = (
        "S. Korean, Japanese officials meet ahead of leaders' summit\n\nSenior South Korean and Japanese officials "
        "have discussed relations in a meeting ahead of a summit between their leaders."
    )
    assert [e.date for e in _new(text, "JPN-KOR")] == [PUB.isoformat()]


LEVELS: dict[str, tuple[str, str, str]] = {
    "involved_officials_at_a_level": (
        "JPN-PRK",
        (
            "The Japanese government on Tuesday disclosed that its officials met North Korean counterparts in Moscow "
            "last Wednesday. Chief Cabinet Secretary Yoshimasa Hayashi said the meeting had been held at the request "
            "of the North Korean side and involved officials at the level of counsellor."
        ),
        "working_level",
    ),
    "brought_together": (
        "JPN-PRK",
        (
            "Japan and North Korea have held their first government-level contact in a year and a half, officials "
            "said Tuesday. The encounter, at a hotel in Phnom Penh on Sunday, brought together mid-ranking diplomats."
        ),
        "working_level",
    ),
    "government_level_alone": (
        "JPN-PRK",
        (
            "Japan and North Korea have held their first government-level contact in a year and a half, officials "
            "said Tuesday."
        ),
        "senior_officials",
    ),
    "pitted": (
        "JPN-PRK",
        (
            "Negotiations between Japan and North Korea collapsed in Beijing on Saturday. The talks, which pitted a "
            "Foreign Ministry director-general from Tokyo against a North Korean ambassador, had opened in the morning."
        ),
        "senior_officials",
    ),
    "colonels_at_working_level_talks": (
        "KOR-PRK",
        (
            "Military officers from South and North Korea held working-level talks at Panmunjom yesterday. The "
            "meeting, between colonels from each side, lasted three hours."
        ),
        "military",
    ),
    "two_plus_two": (
        "JPN-USA",
        (
            "Japanese Foreign Minister Takeshi Iwaya and Defense Minister Gen Nakatani held talks with U.S. Secretary "
            "of State Marco Rubio and Defense Secretary Pete Hegseth in Washington on Tuesday."
        ),
        "foreign_ministers",
    ),
    "parliament_chairman": (
        "PRK-RUS",
        (
            "State Duma Chairman Vyacheslav Volodin met a visiting delegation of North Korean lawmakers led by "
            "assembly vice chairman Kang Yun Sok on Wednesday."
        ),
        "parliamentary",
    ),
}


@pytest.mark.parametrize("name", sorted(LEVELS))
def test_level_from_who_met(name: str) -> None:
    pair, text, level = LEVELS[name]
    events = _new(text, pair)
    assert events, "the contact is found"
    assert {e.level for e in events} == {level}


FIELDS: dict[str, tuple[str, str, str, str | None]] = {
    # name: (pair, text, EVENT field, what it must be)
    "hyphenated_title_after_demonym": (
        "JPN-PRK",
        (
            "A Japanese government team held talks with North Korean officials in Pyongyang on Tuesday. The mission, "
            "headed by a director-general of the Foreign Ministry, sat down with a North Korean director-general."
        ),
        "level",
        "senior_officials",
    ),
    "assembly_vice_chairman": (
        "JPN-PRK",
        (
            "Five sitting members of Japan's House of Representatives met North Korean officials in Pyongyang on "
            "Monday. The group held talks with a vice chairman of the Supreme People's Assembly."
        ),
        "level",
        "parliamentary",
    ),
    "external_affairs_minister": (
        "IND-RUS",
        "External Affairs Minister S. Jaishankar held talks with Russian Foreign Minister Sergei Lavrov on Monday.",
        "level",
        "foreign_ministers",
    ),
    "recalled_summits_in_the_topic": (
        "PRK-RUS",
        (
            "Kim Jong Un received Sergei Shoigu, Secretary of the Security Council of Russia, in Pyongyang on "
            "Tuesday. Kim had a talk with Shoigu on issues of mutual concern, including the implementation of the "
            "agreements reached at the DPRK-Russia summits."
        ),
        "level",
        "senior_officials",
    ),
    "agency_dateline_with_a_spaced_name": (
        "PRK-RUS",
        (
            "WONSAN, June 17. /TASS Digest/. Sergei Lavrov, Russia's foreign minister, held talks here yesterday "
            "with Choe Son Hui. Choe travelled to Moscow last autumn for consultations with him."
        ),
        "location",
        "Wonsan",
    ),
    "a_recalled_meeting_s_place": (
        "CHN-USA",
        (
            "U.S. Secretary of State Marco Rubio and Chinese Foreign Minister Wang Yi held a video call on Tuesday. "
            "The call followed an in-person meeting between the two diplomats in Kuala Lumpur last July."
        ),
        "location",
        None,
    ),
}


@pytest.mark.parametrize("name", sorted(FIELDS))
def test_field_from_the_article(name: str) -> None:
    pair, text, field, expected = FIELDS[name]
    events = _new(text, pair)
    assert events, "the contact is found"
    assert getattr(events[0], field) == expected


def test_a_state_left_in_a_headline_list_is_no_side() -> None:
    text = (
        "Rubio, Wang hold video call on trade, Taiwan\n\nU.S. Secretary of State Marco Rubio and Chinese Foreign "
        "Minister Wang Yi held a video call on Tuesday."
    )
    assert _events(text, "TWN-USA") == []
    assert _new(text, "CHN-USA")


MORE_NOT_NEW: dict[str, tuple[str, str]] = {
    "an_inquiry_about_contact": (
        "JPN-PRK",
        (
            "Japan sounds out North Korea on contact at UN General Assembly\n\nJapan is exploring whether its "
            "foreign minister could meet a North Korean official in New York next week, sources said on Tuesday."
        ),
    ),
    "met_at_the_airport": (
        "PRK-RUS",
        (
            "A North Korean government delegation arrived in Moscow on Monday for a session of the "
            "intergovernmental commission. The delegation was met at Vnukovo airport by Russian officials."
        ),
    ),
    "the_same_session_without_a_bilateral": (
        "ARG-BRA",
        (
            "Argentine President Javier Milei and Brazilian President Luiz Inacio Lula da Silva both attended the "
            "Mercosur summit on Thursday, but did not hold a bilateral meeting. The two leaders sat at opposite "
            "ends of the table during the plenary session."
        ),
    ),
    "last_autumn": (
        "PRK-RUS",
        (
            "State Duma Chairman Vyacheslav Volodin has postponed a visit to North Korea, his press service said "
            "on Tuesday. A North Korean delegation led by a vice-chairman of the Supreme People's Assembly visited "
            "Moscow last autumn."
        ),
    ),
}


def test_a_hotline_conversation_is_a_phone_call() -> None:
    text = (
        "The directors general of military operations of India and Pakistan spoke over their hotline on Monday "
        "evening after two nights of firing, the Indian Army said."
    )
    events = _new(text, "IND-PAK")
    assert [(e.mode, e.level, e.date) for e in events] == [("phone", "military", "2026-06-15")]


def test_an_official_met_in_his_own_capital_acts_for_his_state() -> None:
    text = (
        "A cross-party group of five Japanese Diet members met Kim Song Nam, who heads the ruling party's "
        "International Department, in Pyongyang on Sunday, members of the group said."
    )
    events = _new(text, "JPN-PRK")
    assert [(e.location, e.level) for e in events] == [("Pyongyang", "parliamentary")]


def test_seasons_date_a_contact_by_their_year() -> None:
    from extractors.dates import find_dates

    found = find_dates("visited Moscow last autumn, and will return next spring", PUB)
    assert [(d.text, d.date, d.precision) for d in found] == [
        ("last autumn", "2025", "year"),
        ("next spring", "2027", "year"),
    ]


ROUND13_NOT_NEW: dict[str, tuple[str, str]] = {
    "the_last_delegation": (
        "PRK-RUS",
        (
            "PYONGYANG, June 16. /TASS/. A delegation of the State Duma has arrived in Pyongyang on a working "
            "visit. The last Duma delegation visited the DPRK in the spring."
        ),
    ),
    "proposed_that_they_hold_talks": (
        "KOR-PRK",
        (
            "Unification Minister Chung Dong-young on Tuesday proposed that the two Koreas hold talks at any place "
            "and time to discuss reunions of separated families."
        ),
    ),
    "met_on_landing": (
        "RUS-USA",
        (
            "U.S. special envoy Steve Witkoff arrived in Moscow on Tuesday for talks with President Vladimir Putin. "
            "Witkoff's plane landed at Vnukovo airport shortly after noon, and he was met by Kirill Dmitriev."
        ),
    ),
    "a_tally_told_with_when": (
        "RUS-USA",
        (
            "Witkoff has met Putin several times since early 2025, most recently in December, when the two "
            "discussed a peace plan for five hours."
        ),
    ),
    "same_stage_no_meeting": (
        "AUS-CHN",
        (
            "Albanese, Li share stage at summit but no meeting\n\nAnthony Albanese and Chinese Premier Li Qiang sat "
            "at the same table at the East Asia Summit in Manila on Monday, but did not hold a formal meeting."
        ),
    ),
    "several_contacts_in_a_decade": (
        "JPN-PRK",
        "Thailand's capital was also the site of several Japan-North Korea contacts in the 2010s.",
    ),
}


def test_agencies_act_for_their_states() -> None:
    text = (
        "Reports said an official of the Cabinet Intelligence and Research Office met an officer of North Korea's "
        "Ministry of State Security in Bangkok on June 13."
    )
    events = _new(text, "JPN-PRK")
    assert [(e.location, e.level) for e in events] == [("Bangkok", "intelligence")]


def test_this_afternoon_is_the_day_of_the_report() -> None:
    text = "Talks between Japanese and North Korean diplomats here broke off after less than two hours this afternoon."
    assert [e.date for e in _new(text, "JPN-PRK")] == [PUB.isoformat()]


def test_the_two_are_the_pair_named_together_just_before() -> None:
    text = (
        "WASHINGTON, June 16 -- Japanese Foreign Minister Toshimitsu Motegi and Secretary of State Marco Rubio "
        "agreed on Tuesday to coordinate closely on North Korea. The two met for about an hour at the State "
        "Department. North Korea has not responded to Tokyo's offers of a summit."
    )
    assert _new(text, "JPN-PRK") == []
    assert _new(text, "JPN-USA")


def test_a_past_trip_s_where_clause_and_later_that_month() -> None:
    text = (
        "Kim travelled to the Vostochny cosmodrome in September 2023 and to Beijing in September 2025, where he met "
        "Putin again. Wang visited New Delhi in August 2025, and Prime Minister Narendra Modi met President Xi "
        "Jinping in Tianjin later that month."
    )
    assert _new(text, "PRK-RUS") == []
    assert _new(text, "CHN-IND") == []
    assert {(e.date, e.background) for e in _events(text, "CHN-IND")} == {("2025-08", True)}


RECALL: dict[str, tuple[str, str]] = {
    "two_people_spoke": (
        "JPN-PRK",
        (
            "Toshimitsu Motegi, Japan's foreign minister, and North Korea's top diplomat Choe Son Hui spoke for "
            "several minutes on the sidelines of the forum on Tuesday, a Japanese official said."
        ),
    ),
    "members_held_talks": (
        "JPN-PRK",
        (
            "Japan extended its sanctions on North Korea on Tuesday. Three members of the House of Representatives "
            "held talks in Pyongyang yesterday with a vice chairman of the Supreme People's Assembly."
        ),
    ),
    "the_korean_red_cross": (
        "KOR-PRK",
        (
            "Officials of the Korean Red Cross and the North's Red Cross Society met at Mount Kumgang yesterday to "
            "discuss the fate of separated families, the Unification Ministry said."
        ),
    ),
    "a_name_tagged_as_an_organisation": (
        "CHN-JPN",
        (
            "Masaaki Kanai, who heads the Japanese ministry's Asian and Oceanian Affairs Bureau as director-general, "
            "held talks in Beijing on Friday with Liu Jinsong, director-general of the Chinese foreign ministry's "
            "Department of Asian Affairs."
        ),
    ),
}


@pytest.mark.parametrize("name", sorted(RECALL))
def test_contacts_told_deep_in_a_story(name: str) -> None:
    pair, text = RECALL[name]
    assert _new(text, pair)


def test_both_spoke_at_a_meeting_is_no_conversation() -> None:
    text = (
        "Japan's ambassador to the United Nations and his North Korean counterpart both spoke at a Security "
        "Council meeting on Wednesday, but there was no bilateral contact between them."
    )
    assert _new(text, "JPN-PRK") == []


ROUND15_NOT_NEW: dict[str, tuple[str, str]] = {
    "what_was_said_during_the_talks": (
        "CHN-PRK",
        (
            "Foreign Minister Cho Hyun met his Chinese counterpart Wang Yi in Beijing on Tuesday. During the two-hour "
            "talks, Cho said Seoul hoped Beijing would use its influence with Pyongyang to ease tensions."
        ),
    ),
    "a_habit_of_speaking": (
        "IRN-RUS",
        "Foreign ministers Abbas Araghchi and Sergei Lavrov speak regularly, officials said on Tuesday.",
    ),
    "leaves_for_a_summit": (
        "CHN-USA",
        "President Trump leaves for Beijing on Tuesday for a summit with Chinese President Xi Jinping.",
    ),
}


def test_the_two_people_are_those_of_the_sentence_before() -> None:
    text = (
        "Lula made a state visit to Beijing in May 2025 and met Xi Jinping. Javier Milei met Donald Trump at the "
        "White House on Tuesday. The two discussed a currency swap extension."
    )
    assert _new(text, "BRA-CHN") == []
    assert _new(text, "ARG-USA")


ROUND16_NOT_NEW: dict[str, tuple[str, str]] = {
    "decades_of_talking": ("JPN-PRK", "Briefing: Japan and North Korea — two decades of talking, and not talking"),
    "years_ago_today": (
        "PRK-USA",
        "Eight years ago today, Donald Trump and Kim Jong Un shook hands in Singapore, their first meeting ever.",
    ),
    "same_hall_no_meeting": (
        "COD-RWA",
        (
            "AU summit ends with Congo, Rwanda leaders in same hall but no meeting\n\nAfrican Union leaders closed "
            "their annual summit in the Ethiopian capital on Sunday without a meeting between the presidents of "
            "Congo and Rwanda."
        ),
    ),
    "a_former_minister_s_private_visit": (
        "ARG-GBR",
        (
            "A former British Foreign Office minister's private visit to Buenos Aires this week has revived debate "
            "about the Falkland Islands."
        ),
    ),
}


def test_an_office_holder_of_no_named_state_is_the_story_s_other_side() -> None:
    text = (
        "VLADIVOSTOK, June 17 -- Russia hosted its economic forum this week. Defence Minister Andrei Belousov held "
        "talks with North Korea's Minister of National Defence No Kwang Chol on Tuesday on the sidelines of the "
        "forum, the Russian Defence Ministry said."
    )
    assert [(e.date, e.level) for e in _new(text, "PRK-RUS")] == [("2026-06-16", "military")]


def test_a_null_place_label_wants_no_place() -> None:
    from extractors.evaluation import location_matches

    assert location_matches(None, None)
    assert not location_matches(None, "Tokyo")


def test_explainers_and_q_and_as_tell_a_history() -> None:
    for headline in ("Explained: Every time the U.S. and North Korea have sat down", "Q&A: How close are they?"):
        text = (
            f"{headline}\n\nU.S. and North Korean diplomats held talks in New York in March, and the two sides met "
            "again in Singapore in May."
        )
        assert _new(text, "PRK-USA") == [], headline


def test_a_month_last_year() -> None:
    text = "Lavrov held talks with North Korean Foreign Minister Choe Son Hui in Wonsan in July last year."
    assert {(e.date, e.background) for e in _events(text, "PRK-RUS")} == {("2025-07", True)}


def test_deputies_of_a_parliament_act_for_their_state() -> None:
    text = (
        "A delegation of State Duma deputies led by Leonid Slutsky held talks with DPRK Foreign Minister Choe Son Hui "
        "in Pyongyang on Tuesday."
    )
    assert [e.level for e in _new(text, "PRK-RUS")] == ["parliamentary"]


def test_speaking_by_telephone_is_a_call() -> None:
    text = (
        "South Korean President Lee Jae-myung and Japanese Prime Minister Sanae Takaichi spoke by telephone on Tuesday."
    )
    assert [e.mode for e in _new(text, "JPN-KOR")] == ["phone"]


def test_a_question_headline_can_still_report_news() -> None:
    text = (
        "U.S., Russian Spy Chiefs Spoke to One Another, But What About?\n\nThe U.S. and Russia gave different "
        "accounts of a talk between the CIA's William Burns and the head of Russia's foreign intelligence service."
    )
    assert _new(text, "RUS-USA")


# Every look-alike of the round, one table per file it came from: none is a new contact.
LOOK_ALIKES = {**NOT_NEW, **MORE_NOT_NEW, **ROUND13_NOT_NEW, **ROUND15_NOT_NEW, **ROUND16_NOT_NEW}


@pytest.mark.parametrize("name", sorted(LOOK_ALIKES))
def test_not_a_new_contact(name: str) -> None:
    pair, text = LOOK_ALIKES[name]
    assert _new(text, pair) == []
