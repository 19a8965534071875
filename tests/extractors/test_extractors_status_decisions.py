"""Status decisions, table-driven: what an article says happened to a contact, over tense, aspect, modality and
the words that govern it, and which contacts are the article's news.

Every text is our own (written for this test, not taken from any data set), one phrasing kind per case, for
JPN-PRK and for other pairs: future ("will meet", "are due to", "are set to"), trips ("arrived ... for talks",
"departs for", "left ... to meet"), previews ("ahead of the summit", "as preparations continue"),
postponements and cancellations, refusals ("ruled out", "dismissed a proposal", "no interest"), speculation
and intent ("analysts believe", "cannot be ruled out", "ready to meet"), "agreed to meet", anniversaries and
retrospectives, two states meeting *about* a third, the same forum attended, abductees' families, civic
groups, former officials on private visits, and contacts that did take place (secret, reported by sources,
on a forum's sidelines, a leader receiving a minister, lawmakers). Published Thursday 12 March 2026.
"""

from __future__ import annotations

import datetime as dt

import pytest

from extractors import extract_many
from extractors.contact_words import category_of
from extractors.events import Article, Event

PUB = dt.date(2026, 3, 12)

# name: (pair, text, statuses of the pair's news events; empty = no contact of that pair reported as news)
CASES: dict[str, tuple[str, str, frozenset[str]]] = {
    "japan_s_foreign_minister_will_meet": (
        "JPN-PRK",
        (
            "Japan's foreign minister will meet his North Korean counterpart in Ulaanbaatar next week, "
            "officials said on Thursday."
        ),
        frozenset(["scheduled"]),
    ),
    "a_north_korean_delegation_arrived_in": (
        "JPN-PRK",
        (
            "A North Korean delegation arrived in Tokyo on Thursday for talks with Japanese officials on the "
            "abduction issue."
        ),
        frozenset(["scheduled"]),
    ),
    "prime_minister_takaichi_departs_for_pyongyang": (
        "JPN-PRK",
        ("Prime Minister Takaichi departs for Pyongyang on Friday for a summit with Kim Jong Un."),
        frozenset(["scheduled"]),
    ),
    "japanese_and_north_korean_officials_are": (
        "JPN-PRK",
        ("Japanese and North Korean officials are due to hold talks in Beijing on Friday, a government source said."),
        frozenset(["scheduled"]),
    ),
    "talks_between_japan_and_north_korea": (
        "JPN-PRK",
        (
            "Talks between Japan and North Korea planned for this week have been postponed, the Foreign "
            "Ministry said on Thursday."
        ),
        frozenset(["cancelled"]),
    ),
    "north_korea_on_thursday_ruled_out": (
        "JPN-PRK",
        ("North Korea on Thursday ruled out a summit with Japan, saying Tokyo had nothing to offer."),
        frozenset(["refused"]),
    ),
    "north_korea_refused_to_meet_a": (
        "JPN-PRK",
        ("North Korea refused to meet a Japanese delegation that had travelled to Beijing, officials said."),
        frozenset(["refused"]),
    ),
    "japan_and_north_korea_could_hold": (
        "JPN-PRK",
        ("Japan and North Korea could hold talks as early as next month, according to diplomatic sources."),
        frozenset(["proposed"]),
    ),
    "prime_minister_takaichi_said_on_thursday": (
        "JPN-PRK",
        ("Prime Minister Takaichi said on Thursday she intends to meet Kim Jong Un without preconditions."),
        frozenset(["proposed"]),
    ),
    "japan_and_north_korea_agreed_on": (
        "JPN-PRK",
        ("Japan and North Korea agreed on Wednesday to hold talks in Beijing later this month."),
        frozenset(["scheduled"]),
    ),
    "japanese_foreign_minister_motegi_met_south": (
        "JPN-PRK",
        (
            "Japanese Foreign Minister Motegi met South Korean Foreign Minister Cho Hyun in Seoul on "
            "Wednesday to discuss North Korea's missile launches."
        ),
        frozenset(),
    ),
    "prime_minister_takaichi_met_families_of": (
        "JPN-PRK",
        ("Prime Minister Takaichi met families of Japanese abducted by North Korea at her office on Wednesday."),
        frozenset(),
    ),
    "japanese_and_north_korean_foreign_ministers": (
        "JPN-PRK",
        (
            "Japanese and North Korean foreign ministers both attended the ASEAN Regional Forum in Kuala "
            "Lumpur on Wednesday but did not hold talks."
        ),
        frozenset(),
    ),
    "japanese_and_north_korean_foreign_ministers_2": (
        "JPN-PRK",
        (
            "Japanese and North Korean foreign ministers held talks on the sidelines of the ASEAN Regional "
            "Forum in Kuala Lumpur on Wednesday."
        ),
        frozenset(["held"]),
    ),
    "twenty_years_ago_this_week_prime": (
        "JPN-PRK",
        (
            "Twenty years ago this week, Prime Minister Junichiro Koizumi met Kim Jong Il in Pyongyang, a "
            "summit that led to the return of five abductees."
        ),
        frozenset(),
    ),
    "japanese_and_north_korean_officials_held": (
        "JPN-PRK",
        (
            "Japanese and North Korean officials held secret talks in Mongolia on Tuesday, two government "
            "sources said. It was their first contact since talks in Stockholm in March."
        ),
        frozenset(["held"]),
    ),
    "japanese_and_north_korean_officials_met": (
        "JPN-PRK",
        ("Japanese and North Korean officials met in Shenyang, China, last Saturday, sources said on Thursday."),
        frozenset(["held"]),
    ),
    "a_delegation_of_a_japanese_friendship": (
        "JPN-PRK",
        ("A delegation of a Japanese friendship association met North Korean officials in Pyongyang on Wednesday."),
        frozenset(),
    ),
    "a_group_of_japanese_lawmakers_met": (
        "JPN-PRK",
        (
            "A group of Japanese lawmakers met senior North Korean officials in Pyongyang on Wednesday, the "
            "delegation said."
        ),
        frozenset(["held"]),
    ),
    "ahead_of_the_summit_with_kim": (
        "JPN-PRK",
        ("Ahead of the summit with Kim Jong Un, Prime Minister Takaichi met her cabinet on Thursday."),
        frozenset(["scheduled"]),
    ),
    "japan_is_considering_sending_an_envoy": (
        "JPN-PRK",
        (
            "Japan is considering sending an envoy to North Korea for talks, Kyodo News reported, citing "
            "government sources."
        ),
        frozenset(),
    ),
    "japanese_officials_left_tokyo_on_thursday": (
        "JPN-PRK",
        ("Japanese officials left Tokyo on Thursday to hold talks with North Korea in Beijing."),
        frozenset(),
    ),
    "the_united_states_and_japan_met": (
        "JPN-PRK",
        ("The United States and Japan met in Washington on Wednesday to discuss North Korea."),
        frozenset(),
    ),
    "japan_and_north_korea_will_hold": (
        "JPN-PRK",
        ("Japan and North Korea will hold Red Cross talks next week, the first since 2014."),
        frozenset(["scheduled"]),
    ),
    "chinese_and_japanese_officials_held_talks": (
        "JPN-PRK",
        ("Chinese and Japanese officials held talks in Beijing about North Korea on Wednesday."),
        frozenset(),
    ),
    "pyongyang_march_kyodo_a_japanese_government": (
        "JPN-PRK",
        (
            "PYONGYANG, March 12 (Kyodo) -- A Japanese government delegation arrived in Pyongyang on "
            "Thursday for three days of talks with North Korean officials on the abduction issue. The "
            "delegation, led by a deputy director-general of the Foreign Ministry, was greeted at the "
            "airport by a North Korean Foreign Ministry official. The talks are expected to begin on Friday "
            "at a state guesthouse."
        ),
        frozenset(["scheduled"]),
    ),
    "prime_minister_sanae_takaichi_left_for": (
        "JPN-PRK",
        (
            "Prime Minister Sanae Takaichi left for Pyongyang on Thursday for a summit with Kim Jong Un, the "
            'first meeting of the two countries\' leaders in two decades. "I will do my utmost," Takaichi '
            "told reporters before boarding. The two leaders are to meet on Friday."
        ),
        frozenset(["scheduled"]),
    ),
    "talks_between_japanese_and_north_korean": (
        "JPN-PRK",
        (
            "Talks between Japanese and North Korean Red Cross officials scheduled for Monday in Beijing "
            "were postponed after Pyongyang asked for more time, Japan's Red Cross Society said on Thursday. "
            "The two sides last met in Shenyang in January."
        ),
        frozenset(["cancelled"]),
    ),
    "north_korea_s_foreign_minister_said": (
        "JPN-PRK",
        (
            "North Korea's foreign minister said on Thursday that Pyongyang had no interest in talks with "
            "Japan. Japanese and North Korean officials last held talks in Stockholm in 2014."
        ),
        frozenset(["refused"]),
    ),
    "japan_and_south_korea_s_foreign": (
        "JPN-PRK",
        (
            "Japan and South Korea's foreign ministers agreed on Wednesday to step up cooperation on North "
            "Korea during talks in Tokyo. Japanese Foreign Minister Toshimitsu Motegi and his South Korean "
            "counterpart discussed Pyongyang's missile programme and the abduction issue."
        ),
        frozenset(),
    ),
    "japanese_and_north_korean_foreign_ministers_3": (
        "JPN-PRK",
        (
            "Japanese and North Korean foreign ministers were both in Kuala Lumpur on Thursday for the ASEAN "
            "Regional Forum. Japan's Motegi told reporters he had no plans to meet North Korea's Choe Son "
            "Hui on the sidelines."
        ),
        frozenset(),
    ),
    "it_is_twenty_years_since_prime": (
        "JPN-PRK",
        (
            "It is twenty years since Prime Minister Junichiro Koizumi met Kim Jong Il in Pyongyang. On "
            "September 17, 2002, the two leaders signed the Pyongyang Declaration. Families of abductees "
            "gathered in Tokyo on Thursday to mark the anniversary."
        ),
        frozenset(),
    ),
    "japanese_and_north_korean_officials_held_2": (
        "JPN-PRK",
        (
            "Japanese and North Korean officials held talks in the Mongolian capital on Tuesday, a "
            "government source said on Thursday. The talks in Ulaanbaatar lasted two hours. It was their "
            "first contact since talks in Stockholm in March last year."
        ),
        frozenset(["held"]),
    ),
    "tokyo_march_japanese_and_north_korean": (
        "JPN-PRK",
        (
            "TOKYO, March 12 -- Japanese and North Korean diplomats met secretly in Vietnam last week, "
            "according to people familiar with the matter. The meeting in Hanoi was attended by a senior "
            "Foreign Ministry official and an official of the North's Workers' Party."
        ),
        frozenset(["held"]),
    ),
    "japanese_foreign_minister_toshimitsu_motegi_held": (
        "JPN-PRK",
        (
            "Japanese Foreign Minister Toshimitsu Motegi held talks with North Korean Foreign Minister Choe "
            "Son Hui on Wednesday on the sidelines of the ASEAN Regional Forum in Kuala Lumpur. Prime "
            "Minister Takaichi had instructed Motegi to raise the abduction issue, officials said."
        ),
        frozenset(["held"]),
    ),
    "north_korean_leader_kim_jong_un": (
        "JPN-PRK",
        (
            "North Korean leader Kim Jong Un received Japan's Foreign Minister Toshimitsu Motegi in "
            "Pyongyang on Wednesday, state media reported."
        ),
        frozenset(["held"]),
    ),
    "published_thursday_march_am_japanese_and": (
        "JPN-PRK",
        (
            "PUBLISHED : Thursday, 12 March, 2026, 6:02am\n"
            "Japanese and North Korean officials met in Beijing yesterday, a Japanese government source "
            "said."
        ),
        frozenset(["held"]),
    ),
    "japan_is_considering_sending_a_special": (
        "JPN-PRK",
        (
            "Japan is considering sending a special envoy to Pyongyang to sound out the possibility of a "
            "summit, government sources said on Thursday. The envoy would meet senior North Korean "
            "officials."
        ),
        frozenset(["proposed"]),
    ),
    "a_former_japanese_prime_minister_met": (
        "JPN-PRK",
        (
            "A former Japanese prime minister met North Korean officials in Pyongyang on Wednesday during a "
            "private visit, a source said."
        ),
        frozenset(),
    ),
    "tokyo_march_kyodo_japanese_and_north": (
        "JPN-PRK",
        (
            "TOKYO, March 12 (Kyodo) -- Japanese and North Korean officials will meet in Ulaanbaatar next "
            "week for talks on the abduction issue, the government said Thursday. The talks, the first in a "
            "year, will be led by the Foreign Ministry's director-general for Asian affairs. The two sides "
            "last met in Stockholm in 2025."
        ),
        frozenset(["scheduled"]),
    ),
    "a_north_korean_delegation_led_by": (
        "JPN-PRK",
        (
            "A North Korean delegation led by Vice Foreign Minister Kim Song Nam arrived in Tokyo on "
            "Thursday ahead of talks with Japanese officials. The delegation was met at Haneda airport by "
            "Foreign Ministry officials. The talks are set to begin on Friday."
        ),
        frozenset(["scheduled"]),
    ),
    "prime_minister_sanae_takaichi_will_travel": (
        "JPN-PRK",
        (
            "Prime Minister Sanae Takaichi will travel to Pyongyang next month to meet Kim Jong Un, Chief "
            "Cabinet Secretary Minoru Kihara announced on Thursday. The summit will be the first between the "
            "two countries since 2004. Preparations were made in secret talks between officials in Beijing "
            "in February, Kihara said."
        ),
        frozenset(["scheduled"]),
    ),
    "japanese_and_north_korean_red_cross": (
        "JPN-PRK",
        (
            'Japanese and North Korean Red Cross officials are set to meet in Beijing on Friday. "We hope '
            'the talks will make progress," a Japanese Red Cross official said. The two Red Cross societies '
            "met in Shenyang in January."
        ),
        frozenset(["scheduled"]),
    ),
    "north_korea_has_called_off_talks": (
        "JPN-PRK",
        (
            "North Korea has called off talks with Japan that were scheduled for Friday in Beijing, Japan's "
            "Foreign Ministry said Thursday. The ministry said Pyongyang gave no reason. Officials of the "
            "two countries had agreed on the talks when they met in Shanghai last month."
        ),
        frozenset(["cancelled", "scheduled"]),
    ),
    "japan_s_prime_minister_sanae_takaichi": (
        "JPN-PRK",
        (
            "Japan's Prime Minister Sanae Takaichi said on Thursday she was ready to meet North Korean "
            'leader Kim Jong Un "at any time." "I want to hold a summit meeting with Chairman Kim," she told '
            "parliament. Takaichi has repeatedly said a meeting with Kim is essential to resolving the "
            "abduction issue."
        ),
        frozenset(["proposed"]),
    ),
    "speculation_is_mounting_that_japan_and": (
        "JPN-PRK",
        (
            "Speculation is mounting that Japan and North Korea may be holding secret talks. Some analysts "
            "believe officials of the two countries have met in Southeast Asia, but the government has "
            "denied this."
        ),
        frozenset(["proposed"]),
    ),
    "seoul_march_yonhap_north_korean_and": (
        "JPN-PRK",
        (
            "SEOUL, March 12 (Yonhap) -- North Korean and Japanese officials held talks in Hanoi on Tuesday, "
            "a diplomatic source said. Seoul was informed of the meeting in advance, the source said."
        ),
        frozenset(["held"]),
    ),
    "pyongyang_march_kcna_choe_son_hui": (
        "JPN-PRK",
        (
            "PYONGYANG, March 10 (KCNA) -- Choe Son Hui, minister of Foreign Affairs of the DPRK, received "
            "Japanese Foreign Minister Toshimitsu Motegi, who is on a visit to the DPRK, on March 10."
        ),
        frozenset(["held"]),
    ),
    "north_korean_leader_kim_jong_un_2": (
        "PRK-RUS",
        (
            "North Korean leader Kim Jong Un left Pyongyang by private train on Wednesday evening, heading "
            "for Vladivostok where he is expected to hold talks with President Vladimir Putin, state media "
            "said on Thursday."
        ),
        frozenset(["scheduled"]),
    ),
    "vladivostok_march_a_north_korean_trade": (
        "PRK-RUS",
        (
            "VLADIVOSTOK, March 12 -- A North Korean trade delegation led by External Economic Relations "
            "Minister Yun Jong Ho arrived here on Thursday for three days of talks with Russian officials on "
            "expanding cargo traffic."
        ),
        frozenset(["scheduled"]),
    ),
    "kremlin_spokesman_dmitry_peskov_said_on": (
        "PRK-RUS",
        (
            "Kremlin spokesman Dmitry Peskov said on Thursday a meeting between Putin and Kim Jong Un "
            '"cannot be ruled out" this year, but no dates have been discussed.'
        ),
        frozenset(["proposed"]),
    ),
    "beijing_march_russian_foreign_minister_sergei": (
        "PRK-RUS",
        (
            "BEIJING, March 12 -- Russian Foreign Minister Sergei Lavrov and his Chinese counterpart Wang Yi "
            "met in Beijing on Thursday and discussed the situation on the Korean peninsula, including North "
            "Korea's nuclear programme."
        ),
        frozenset(),
    ),
    "former_u_s_president_bill_clinton": (
        "PRK-USA",
        (
            "Former U.S. President Bill Clinton met North Korean leader Kim Jong Il in Pyongyang on Tuesday "
            "during a private humanitarian mission to free two American journalists."
        ),
        frozenset(),
    ),
    "president_donald_trump_said_on_wednesday": (
        "PRK-USA",
        (
            "President Donald Trump said on Wednesday he had exchanged letters with Kim Jong Un and that the "
            'North Korean leader had written him "a very nice note."'
        ),
        frozenset(),
    ),
    "as_preparations_for_the_summit_continue": (
        "PRK-USA",
        (
            "As preparations for the summit continue, U.S. and North Korean officials are expected to meet "
            "in Singapore next week to finalise logistics, the White House said on Thursday."
        ),
        frozenset(["scheduled"]),
    ),
    "north_korea_on_thursday_dismissed_a": (
        "PRK-USA",
        (
            'North Korea on Thursday dismissed a U.S. proposal for talks as "a hollow gesture," the official '
            "KCNA news agency said."
        ),
        frozenset(["refused"]),
    ),
    "kuala_lumpur_march_chinese_foreign_minister": (
        "CHN-PRK",
        (
            "KUALA LUMPUR, March 12 -- Chinese Foreign Minister Wang Yi and North Korea's Choe Son Hui both "
            "took part in the ASEAN Regional Forum on Thursday. No bilateral meeting between the two was "
            "announced."
        ),
        frozenset(),
    ),
    "a_planned_visit_to_pyongyang_by": (
        "CHN-PRK",
        (
            "A planned visit to Pyongyang by a Chinese party delegation has been put off, China's foreign "
            "ministry said on Thursday, without giving a reason."
        ),
        frozenset(),
    ),
    "china_and_north_korea_have_agreed": (
        "CHN-PRK",
        (
            "China and North Korea have agreed to hold a new round of strategic dialogue in Beijing in the "
            "autumn, the two foreign ministries said in a joint statement on Thursday."
        ),
        frozenset(["scheduled"]),
    ),
    "south_korea_s_unification_ministry_on": (
        "KOR-PRK",
        (
            "South Korea's Unification Ministry on Thursday offered to hold Red Cross talks with North Korea "
            "on family reunions. Pyongyang has not responded."
        ),
        frozenset(["proposed"]),
    ),
    "seven_years_have_passed_since_moon": (
        "KOR-PRK",
        (
            "Seven years have passed since Moon Jae-in and Kim Jong Un met at Panmunjom. The summit, held on "
            "April 27, 2018, produced a declaration on ending the war."
        ),
        frozenset(),
    ),
    "a_group_of_south_korean_civic": (
        "KOR-PRK",
        (
            "A group of South Korean civic activists met North Korean residents in Dandong, China, on "
            "Tuesday to discuss joint cultural projects, the group said."
        ),
        frozenset(),
    ),
    "south_korean_president_lee_jae_myung": (
        "JPN-KOR",
        (
            "South Korean President Lee Jae-myung will fly to Tokyo on Monday for a summit with Prime "
            "Minister Sanae Takaichi, his office said on Thursday."
        ),
        frozenset(["scheduled"]),
    ),
    "secretary_of_state_marco_rubio_met": (
        "PRK-USA",
        (
            "Secretary of State Marco Rubio met South Korean Foreign Minister Cho Hyun in Washington on "
            "Wednesday to discuss North Korea's missile programme and ways to bring Pyongyang back to talks."
        ),
        frozenset(),
    ),
    "moscow_march_russian_foreign_minister_sergei": (
        "PRK-RUS",
        (
            "MOSCOW, March 12 -- Russian Foreign Minister Sergei Lavrov held talks on Thursday with North "
            "Korean Foreign Minister Choe Son Hui, who arrived in Moscow on Wednesday."
        ),
        frozenset(["held"]),
    ),
    "the_white_house_said_on_thursday": (
        "PRK-USA",
        (
            "The White House said on Thursday that President Trump is ready to meet Kim Jong Un at the "
            'border village of Panmunjom "if the chairman wants."'
        ),
        frozenset(["proposed"]),
    ),
    "pyongyang_march_kcna_kim_jong_un": (
        "CHN-PRK",
        (
            "PYONGYANG, March 12 (KCNA) -- Kim Jong Un, general secretary of the Workers' Party of Korea, "
            "met Chinese Premier Li Qiang at the Kumsusan Palace on Wednesday."
        ),
        frozenset(["held"]),
    ),
    "on_this_day_in_kim_jong": (
        "PRK-RUS",
        (
            "On this day in 2019, Kim Jong Un and Vladimir Putin held their first summit in Vladivostok. Two "
            "years later, the countries signed a strategic partnership treaty."
        ),
        frozenset(),
    ),
    "the_two_koreas_generals_were_scheduled": (
        "KOR-PRK",
        (
            "The two Koreas' generals were scheduled to meet at Panmunjom on Friday, but the North cancelled "
            "the talks on Thursday, the South's Defence Ministry said."
        ),
        frozenset(["cancelled", "scheduled"]),  # "the two Koreas" names both; "the talks" is the plan, called off
    ),
    "stephen_biegun_the_former_u_s": (
        "PRK-USA",
        (
            "Stephen Biegun, the former U.S. special representative for North Korea, visited Pyongyang last "
            "week in a personal capacity and met North Korean officials, sources said."
        ),
        frozenset(),
    ),
    "north_korean_and_chinese_officials_are": (
        "CHN-PRK",
        (
            "North Korean and Chinese officials are set to meet in Dandong next week to discuss cross-border "
            "trade, a Chinese official said on Thursday."
        ),
        frozenset(["scheduled"]),
    ),
    "russian_defence_minister_andrei_belousov_is": (
        "PRK-RUS",
        (
            "Russian Defence Minister Andrei Belousov is due in Pyongyang on Friday for talks with North "
            "Korean military leaders, the ministry said."
        ),
        frozenset(["scheduled"]),
    ),
    "chinese_president_xi_jinping_sent_a": (
        "CHN-PRK",
        (
            "Chinese President Xi Jinping sent a message to North Korean leader Kim Jong Un on Thursday "
            "congratulating him on the anniversary of the founding of the Workers' Party.\n"
            "Xi said China was willing to work with North Korea to deepen their friendship. The two leaders "
            "met in Beijing in September last year."
        ),
        frozenset(),
    ),
    "russian_defence_minister_andrei_belousov_held": (
        "PRK-RUS",
        (
            "Russian Defence Minister Andrei Belousov held talks with North Korean leader Kim Jong Un in "
            "Pyongyang on Wednesday, state media reported on Thursday.\n"
            "The two discussed military cooperation, KCNA said. Belousov arrived on Tuesday for a two-day "
            "visit."
        ),
        frozenset(["held"]),
    ),
    "south_and_north_korean_red_cross": (
        "KOR-PRK",
        (
            "South and North Korean Red Cross officials met at the Mount Kumgang resort on Wednesday to "
            "discuss reunions of separated families, the Unification Ministry said on Thursday."
        ),
        frozenset(["held"]),
    ),
    "beijing_march_xinhua_chinese_foreign_minister": (
        "CHN-PRK",
        (
            "BEIJING, March 12 (Xinhua) -- Chinese Foreign Minister Wang Yi held talks here on Thursday with "
            "Choe Son Hui, foreign minister of the Democratic People's Republic of Korea."
        ),
        frozenset(["held"]),
    ),
    "moscow_march_north_korea_s_foreign": (
        "PRK-RUS",
        (
            "MOSCOW, March 12 -- North Korea's foreign minister Choe Son Hui will travel to Moscow next week "
            "for talks with her Russian counterpart Sergei Lavrov, the Russian Foreign Ministry said on "
            "Thursday. The two ministers met in Wonsan in July."
        ),
        frozenset(["scheduled"]),
    ),
    "former_u_s_president_jimmy_carter": (
        "PRK-USA",
        (
            "Former U.S. President Jimmy Carter arrived in Pyongyang on Wednesday on a private mission to "
            "secure the release of an American detained in North Korea. Carter was greeted at the airport by "
            "Vice Foreign Minister Kim Kye Gwan."
        ),
        frozenset(),
    ),
    "russian_president_vladimir_putin_will_visit": (
        "PRK-RUS",
        (
            "Russian President Vladimir Putin will visit North Korea next week for the first time in 24 "
            "years, the Kremlin said on Thursday.\n"
            "Putin last visited Pyongyang in July 2000, when he met Kim Jong Il. Kim Jong Un travelled to "
            "Russia in September 2023 and met Putin at the Vostochny Cosmodrome."
        ),
        frozenset(["scheduled"]),  # the coming visit; the recalled ones are background
    ),
    "seoul_march_south_korea_proposed_on": (
        "KOR-PRK",
        (
            "SEOUL, March 12 -- South Korea proposed on Thursday to hold military talks with North Korea at "
            "the truce village of Panmunjom next week to discuss easing border tensions.\n"
            "The Defence Ministry said it sent the proposal through the military communication line, but the "
            "North did not answer.\n"
            "The two Koreas last held general-level military talks in 2018."
        ),
        frozenset(["proposed"]),
    ),
    "seoul_march_yonhap_the_foreign_ministers": (
        "JPN-PRK",
        (
            "SEOUL, March 12 (Yonhap) -- The foreign ministers of South Korea and Japan held talks in Seoul "
            "on Thursday and agreed to work closely to bring North Korea back to dialogue. Japanese Foreign "
            "Minister Toshimitsu Motegi told his South Korean counterpart Cho Hyun that Tokyo wants talks "
            "with Pyongyang on the abduction issue. The two ministers also discussed North Korea's latest "
            "missile launch."
        ),
        frozenset(["proposed"]),
    ),
    "japan_the_united_states_and_south": (
        "JPN-PRK",
        (
            "Japan, the United States and South Korea held a trilateral meeting of their top nuclear envoys "
            "in Tokyo on Wednesday to discuss North Korea. Japan's envoy met his U.S. counterpart separately "
            "on the sidelines, and the two agreed to seek dialogue with North Korea."
        ),
        frozenset(["proposed"]),
    ),
    "japanese_prime_minister_sanae_takaichi_and": (
        "JPN-PRK",
        (
            "Japanese Prime Minister Sanae Takaichi and North Korean leader Kim Jong Un both attended a "
            "ceremony in Moscow on Wednesday marking the end of World War Two, but did not meet, Japanese "
            "officials said."
        ),
        frozenset(),
    ),
    "japanese_foreign_minister_toshimitsu_motegi_and": (
        "JPN-PRK",
        (
            "Japanese Foreign Minister Toshimitsu Motegi and North Korean Foreign Minister Choe Son Hui sat "
            "at the same table at the ASEAN Regional Forum dinner in Vientiane on Wednesday, but exchanged "
            "only greetings, a Japanese official said."
        ),
        frozenset(),
    ),
    "the_families_of_japanese_abducted_by": (
        "JPN-PRK",
        (
            "The families of Japanese abducted by North Korea met Prime Minister Sanae Takaichi on Wednesday "
            "and urged her to hold a summit with Kim Jong Un. Takaichi told them she was determined to meet "
            "Kim."
        ),
        frozenset(["proposed"]),
    ),
    "members_of_the_pro_pyongyang_general": (
        "JPN-PRK",
        (
            "Members of the pro-Pyongyang General Association of Korean Residents in Japan held talks with "
            "North Korean officials in Pyongyang on Wednesday, KCNA said."
        ),
        frozenset(),
    ),
    "a_delegation_of_a_japanese_ngo": (
        "JPN-PRK",
        (
            "A delegation of a Japanese NGO supporting North Korean children met officials of the North "
            "Korean Red Cross in Pyongyang on Wednesday to discuss aid deliveries."
        ),
        frozenset(),
    ),
    "twenty_four_years_ago_today_prime": (
        "JPN-PRK",
        (
            "Twenty-four years ago today, Prime Minister Junichiro Koizumi flew to Pyongyang and held a "
            "summit with Kim Jong Il. The two leaders signed the Pyongyang Declaration. Since then, Japan "
            "and North Korea have held only sporadic talks."
        ),
        frozenset(),
    ),
    "japan_and_north_korea_are_said": (
        "JPN-PRK",
        (
            "Japan and North Korea are said to be arranging a meeting between their foreign ministers on the "
            "sidelines of the ASEAN Regional Forum next week, according to diplomatic sources."
        ),
        frozenset(["scheduled"]),
    ),
    "japan_and_north_korea_held_secret": (
        "JPN-PRK",
        (
            "Japan and North Korea held secret talks in Mongolia last month, according to diplomatic "
            "sources. The government has declined to confirm the meeting, which was attended by a senior "
            "Foreign Ministry official."
        ),
        frozenset(["held"]),
    ),
    "japan_s_top_government_spokesman_on": (
        "JPN-PRK",
        (
            "Japan's top government spokesman on Thursday denied a media report that Japanese and North "
            "Korean officials had met secretly in Mongolia last month."
        ),
        frozenset(),
    ),
    # 2026.12.5
    "lawmakers_said_they_had_held_talks_there": (
        "JPN-PRK",
        (
            "Three Japanese lawmakers back from Pyongyang said on Thursday they had held talks there with officials "
            "of the North's parliament on Tuesday."
        ),
        frozenset(["held"]),
    ),
    "when_clause_takes_the_anniversary_date": (
        "PRK-RUS",
        (
            "Three years ago this month, Vladimir Putin made history at a remote spaceport when he met Kim Jong Un "
            "at Vostochny."
        ),
        frozenset(),
    ),
    "talks_collapsed_months_later": (
        "PRK-USA",
        "The first summit raised hopes. Nuclear talks between the U.S. and North Korea collapsed months later.",
        frozenset(),
    ),
    "met_three_times_is_a_tally": (
        "CHN-PRK",
        "Xi Jinping and Kim Jong Un met three times in a single year, a record the two sides still cite.",
        frozenset(),
    ),
    "both_spoke_at_a_council_meeting": (
        "JPN-PRK",
        (
            "The Japanese and North Korean ambassadors both spoke at a Security Council meeting on Wednesday, "
            "trading accusations over the missile launches."
        ),
        frozenset(),
    ),
    "clashed_at_a_meeting_of_a_named_body": (
        "JPN-PRK",
        (
            "Japanese and North Korean delegates clashed at a meeting of the World Health Assembly in Geneva on "
            "Tuesday over vaccine supplies."
        ),
        frozenset(),
    ),
    "an_ex_lawmaker_is_former": (
        "JPN-PRK",
        "An ex-Japanese lawmaker met North Korean officials in Pyongyang on Tuesday during a private trip.",
        frozenset(),
    ),
    "a_lede_contact_months_back_is_background_of_a_preview": (
        "PRK-RUS",
        (
            "Russian Foreign Minister Sergei Lavrov will visit Pyongyang next month. The two ministers met in "
            "Moscow in November."
        ),
        frozenset(["scheduled"]),  # the coming visit; the Moscow meeting is background
    ),
    "received_by_a_leader": (
        "CHN-PRK",
        "Chinese Vice Premier Ding Xuexiang was received by Kim Jong Un in Pyongyang on Wednesday, state media said.",
        frozenset(["held"]),
    ),
    "had_a_brief_exchange_with": (
        "JPN-KOR",
        (
            "Japan's foreign minister had a brief exchange with his South Korean counterpart at a dinner in "
            "Manila on Wednesday."
        ),
        frozenset(["held"]),
    ),
    # 2026.12.6: a time word compared with a plan dates the contact against the plan; it recalls nothing.
    "met_a_day_earlier_than_planned": (
        "JPN-PRK",
        "Japanese and North Korean officials met in Hanoi on Wednesday, a day earlier than planned, a source said.",
        frozenset(["held"]),
    ),
    "will_meet_a_day_earlier_than_planned": (
        "JPN-PRK",
        (
            "Japanese and North Korean officials will meet in Hanoi on Monday, a day earlier than planned, the "
            "ministry said."
        ),
        frozenset(["scheduled"]),
    ),
}


@pytest.fixture(scope="module")
def results() -> dict[str, list[Event]]:
    names = sorted(CASES)
    articles = [Article(id=n, text=CASES[n][1], published=PUB) for n in names]
    return dict(zip(names, extract_many(articles), strict=True))


@pytest.mark.parametrize("name", sorted(CASES))
def test_status_decision(results: dict[str, list[Event]], name: str) -> None:
    pair, _, expected = CASES[name]
    events = results[name]
    news = {e.status for e in events if "-".join(e.countries) == pair and not e.background}
    assert news == expected, (name, [(e.countries, e.status, e.background, e.evidence[0].text) for e in events])
    reported = any(e.is_new_contact and "-".join(e.countries) == pair for e in events)
    assert reported == bool(expected & {"held", "ongoing"})


# One frame per contact: place, level and date from the whole article (own texts, same publication day).
FRAME_CASES: dict[str, tuple[str, str, dict[str, str | None]]] = {
    "dateline_place_unknown_to_the_gazetteer": (
        "JPN-USA",
        (
            "TAORMINA, Italy, March 11 -- Prime Minister Sanae Takaichi and President Donald Trump held talks "
            "here on Wednesday on the sidelines of the Group of Seven summit."
        ),
        {"location": "Taormina", "date": "2026-03-11", "level": "leaders"},
    ),
    "the_capital_named_by_its_state": (
        "JPN-PRK",
        (
            "Japanese and North Korean officials held talks in the Mongolian capital on Tuesday, a government "
            "source said."
        ),
        {"location": "Ulaanbaatar", "date": "2026-03-10"},
    ),
    "host_receives_visitor_under_dateline": (
        "CHN-PRK",
        (
            "PYONGYANG, March 11 (KCNA) -- Choe Son Hui, minister of Foreign Affairs of the DPRK, received "
            "Chinese Vice Foreign Minister Sun Weidong, who is on a visit to the DPRK, on March 11."
        ),
        {"location": "Pyongyang", "date": "2026-03-11", "level": "senior_officials"},
    ),
    "lawmakers_of_a_named_parliament": (
        "PRK-RUS",
        (
            "A delegation of Russia's State Duma held talks with officials of North Korea's Supreme People's "
            "Assembly in Pyongyang on Tuesday."
        ),
        {"location": "Pyongyang", "level": "parliamentary"},
    ),
    "director_general_level_is_not_military": (
        "JPN-PRK",
        (
            "BEIJING, March 11 -- Japanese and North Korean officials held director-general-level talks here on "
            "Wednesday, Japanese officials said."
        ),
        {"location": "Beijing", "level": "senior_officials"},
    ),
    "a_seat_of_government_is_its_capital": (
        "PRK-RUS",
        (
            "Russian Foreign Minister Sergei Lavrov met North Korean Foreign Minister Choe Son Hui at the Kremlin on "
            "Wednesday."
        ),
        {"location": "Moscow", "level": "foreign_ministers"},
    ),
    "generals_talk_for_the_armed_forces": (
        "KOR-PRK",
        "South and North Korean generals held talks at Panmunjom on Wednesday to ease border tensions.",
        {"location": "Panmunjom", "level": "military", "date": "2026-03-11"},
    ),
    "recalled_exchange_keeps_its_place": (
        "JPN-PRK",
        (
            "Japanese and North Korean diplomats held talks on Tuesday in the Mongolian capital. The talks became "
            "possible after an earlier exchange between the two sides in Beijing in January."
        ),
        {"location": "Ulaanbaatar", "date": "2026-03-10"},
    ),
    # 2026.12.5
    "a_city_set_off_by_commas": (
        "PRK-USA",
        (
            "U.S. and North Korean diplomats held a quiet meeting on Tuesday, people familiar with it said. The "
            "meeting, in the Swiss city of Geneva, Geneva, lasted an hour."
        ).replace("Geneva, Geneva", "Geneva"),
        {"date": "2026-03-10"},
    ),
    "a_planned_visit_is_not_the_place": (
        "JPN-USA",
        (
            "Foreign Minister Toshimitsu Motegi held talks with the U.S. secretary of state in Canberra on "
            "Wednesday. The meeting came ahead of a planned visit to Tokyo by President Donald Trump."
        ),
        {"location": "Canberra"},
    ),
    "who_led_the_side_in_the_active_voice": (
        "JPN-PRK",
        (
            "Japanese and North Korean officials met in Hanoi on Wednesday. A deputy director-general of the "
            "Foreign Ministry led the Japanese side."
        ),
        {"level": "senior_officials"},
    ),
    "a_vice_premier_is_no_leader": (
        "CHN-PRK",
        "Chinese Vice Premier Ding Xuexiang held talks with North Korea's premier in Pyongyang on Wednesday.",
        {"level": "senior_officials"},
    ),
    "a_level_stated_in_the_clause": (
        "JPN-PRK",
        (
            "Japan and North Korea held talks in Shenyang on Tuesday. The talks were held at the level of "
            "division directors."
        ),
        {"level": "working_level"},
    ),
    "a_date_in_a_relative_clause_is_its_own": (
        "JPN-PRK",
        (
            "Japanese and North Korean Red Cross officials met in Dalian on Tuesday. At the meeting they discussed "
            "the graves of Japanese who died in the North around 1945."
        ),
        {"date": "2026-03-10"},
    ),
    "a_dateline_in_one_side_s_country_for_a_direct_report": (
        "PRK-RUS",
        (
            "MOSCOW, March 12 -- Foreign Minister Sergei Lavrov and his North Korean counterpart Choe Son Hui held "
            "talks on Wednesday."
        ),
        {"location": "Moscow", "date": "2026-03-11"},
    ),
    # 2026.12.6: places the article gives for its contact outside the contact's clause.
    "a_venue_described_apart": (
        "JPN-PRK",
        "Japanese and North Korean officials met in China on Tuesday. The venue, a hotel in Dalian, was kept secret.",
        {"location": "Dalian"},
    ),
    "a_side_travelled_to_a_city_of_the_country": (
        "KOR-PRK",
        (
            "South and North Korean Red Cross officials held talks in China on Wednesday. The South's delegation "
            "flew to Shenyang on Tuesday."
        ),
        {"location": "Shenyang", "level": "red_cross"},
    ),
    "a_place_in_the_topic_is_not_the_contact_s": (
        "JPN-USA",
        (
            "WASHINGTON, March 12 -- U.S. and Japanese officials held talks at the State Department on Wednesday "
            "on sharing the costs of U.S. forces in Japan."
        ),
        {"location": "Washington"},
    ),
    "the_two_koreas_name_both": (
        "KOR-PRK",
        "Colonels from the two Koreas held talks at Panmunjom on Wednesday.",
        {"location": "Panmunjom", "date": "2026-03-11"},
    ),
    # 2026.12.6: level from who met, wherever the article says it.
    "councillors_headed_each_delegation": (
        "JPN-PRK",
        (
            "Japanese and North Korean diplomats met in Hanoi on Wednesday. Each delegation was headed by a "
            "councillor from its embassy."
        ),
        {"level": "working_level"},
    ),
    "a_rank_said_of_the_officials": (
        "CHN-PRK",
        "Chinese and North Korean officials met in Dandong on Tuesday. The officials were of division-director rank.",
        {"level": "working_level"},
    ),
    "a_state_represented_by": (
        "JPN-PRK",
        (
            "Japanese and North Korean diplomats met in Bangkok on Wednesday. A deputy director-general of the "
            "Foreign Ministry represented Japan."
        ),
        {"level": "senior_officials"},
    ),
    "a_deputy_assistant_secretary_is_no_secretary_of_state": (
        "JPN-USA",
        "A U.S. deputy assistant secretary of state met a Japanese director-general in Washington on Wednesday.",
        {"level": "senior_officials"},
    ),
    "lawmakers_meeting_an_official_of_a_named_body": (
        "JPN-PRK",
        (
            "A delegation of Japanese Diet members met the chairman of the Standing Committee of North Korea's "
            "Supreme People's Assembly in Pyongyang on Wednesday."
        ),
        {"location": "Pyongyang", "level": "parliamentary"},
    ),
    "a_member_of_the_house_of_councillors_is_a_lawmaker": (
        "JPN-PRK",
        "A member of Japan's House of Councillors met North Korean officials in Pyongyang on Wednesday.",
        {"level": "parliamentary"},
    ),
    "an_upper_house_member": (
        "JPN-PRK",
        "Japanese upper house member Kenji Aoki met North Korean officials in Pyongyang on Wednesday.",
        {"level": "parliamentary"},
    ),
    "a_leader_hosting_a_visitor_at_the_white_house": (
        "JPN-USA",
        "President Donald Trump hosted Prime Minister Sanae Takaichi at the White House on Wednesday.",
        {"location": "Washington", "level": "leaders", "date": "2026-03-11"},
    ),
    "talks_between_the_diplomats_beside_a_red_cross_meeting": (
        "JPN-PRK",
        (
            "Japanese and North Korean diplomats have agreed to work toward formal talks. The agreement was reached "
            "during informal talks between the diplomats on the sidelines of a two-day meeting of the Red Cross "
            "societies from Tuesday in Dalian."
        ),
        {"location": "Dalian", "date": "2026-03-10", "level": "unknown"},
    ),
    "a_visit_only_planned_is_no_place": (
        "JPN-USA",
        (
            "Japanese and U.S. officials met on Wednesday, a ministry source said. The Japanese minister plans to "
            "visit the United States next month."
        ),
        {"location": None},
    ),
    "the_first_leader_to_visit_tells_a_visit": (
        "JPN-PRK",
        (
            "Prime Minister Sanae Takaichi held talks with Kim Jong Un on Wednesday. She is the first Japanese "
            "leader to visit North Korea in two decades."
        ),
        {"location": "North Korea", "level": "leaders"},
    ),
    # 2026.12.7: a rank noun the state's "from"/"of" phrase belongs to represents that side.
    "colonels_from_both_militaries": (
        "KOR-PRK",
        "Colonels from the two Koreas' militaries held talks at Panmunjom on Tuesday, the defence ministry said.",
        {"level": "military", "location": "Panmunjom", "date": "2026-03-10"},
    ),
    "a_counsellor_from_the_mission": (
        "PRK-USA",
        (
            "A U.S. deputy assistant secretary of state met a counsellor from North Korea's mission in Geneva "
            "on Wednesday, people familiar with the matter said."
        ),
        {"level": "working_level", "location": "Geneva"},
    ),
    "admirals_of_both_navies": (
        "CHN-RUS",
        "Admirals of the Chinese and Russian navies met in Vladivostok on Tuesday to plan a joint exercise.",
        {"level": "military", "location": "Vladivostok"},
    ),
    # A third state that hosted, arranged or mediated the contact is not one of its sides.
    "an_anaphor_hosted_by_a_third_state": (
        "PRK-USA",
        (
            "American and North Korean diplomats met in Oslo on Wednesday for talks on humanitarian aid, "
            "officials said. The talks, at working level, were hosted by the Norwegian Foreign Ministry."
        ),
        {"level": "working_level", "location": "Oslo", "date": "2026-03-11"},
    ),
    "talks_mediated_by_a_third_state": (
        "JPN-PRK",
        "Talks between Japan and North Korea mediated by Mongolia were held in Ulaanbaatar on Tuesday.",
        {"location": "Ulaanbaatar", "date": "2026-03-10"},
    ),
    # Said to the other side during the pair's own meeting: a contact, not a statement at an event.
    "told_the_counterpart_during_their_meeting": (
        "JPN-PRK",
        (
            "Foreign Minister Toshimitsu Motegi said on Thursday he had told North Korean Foreign Minister Choe "
            "Son Hui during their meeting in Jakarta on Wednesday that Prime Minister Sanae Takaichi wanted a "
            "summit with Kim Jong Un."
        ),
        {"level": "foreign_ministers", "location": "Jakarta", "date": "2026-03-11"},
    ),
    # A subjectless gerund after "before"/"after" continues the episode its clause narrates: that clause's date,
    # unless the contact's own words date it.
    "talks_before_which_they_shook_hands": (
        "PRK-USA",
        (
            "Donald Trump and Kim Jong Un shook hands at the border on Tuesday before sitting down for talks in a "
            "building on the southern side."
        ),
        {"level": "leaders", "date": "2026-03-10"},
    ),
    "a_gerund_dated_by_its_own_words": (
        "JPN-PRK",
        (
            "Japan's envoy flew back to Tokyo on Wednesday after holding talks with North Korean officials in "
            "Shenyang on Monday."
        ),
        {"location": "Shenyang", "date": "2026-03-09"},
    ),
    # The unit a head leads gives the rank: a division's head is working level, a department's senior.
    "the_head_of_a_division_led_a_side": (
        "JPN-PRK",
        (
            "Japanese and North Korean officials met in Beijing on Tuesday. The Japanese side was led by the head "
            "of the Foreign Ministry's Northeast Asia Division."
        ),
        {"level": "working_level", "location": "Beijing"},
    ),
    "a_director_of_a_department_sent_by_a_side": (
        "JPN-PRK",
        (
            "Japanese and North Korean officials met in Hanoi on Tuesday. Japan sent a deputy director-general; "
            "the North sent the director of its foreign ministry's Asian affairs department."
        ),
        {"level": "senior_officials"},
    ),
    "told_the_counterpart_during_the_talks": (
        "PRK-RUS",
        "Sergei Lavrov told Choe Son Hui during the talks in Moscow on Wednesday that sanctions were unjust.",
        {"level": "foreign_ministers", "location": "Moscow"},
    ),
}


@pytest.fixture(scope="module")
def frame_results() -> dict[str, list[Event]]:
    names = sorted(FRAME_CASES)
    articles = [Article(id=n, text=FRAME_CASES[n][1], published=PUB) for n in names]
    return dict(zip(names, extract_many(articles), strict=True))


@pytest.mark.parametrize("name", sorted(FRAME_CASES))
def test_frame(frame_results: dict[str, list[Event]], name: str) -> None:
    pair, _, fields = FRAME_CASES[name]
    news = [e for e in frame_results[name] if e.is_new_contact and "-".join(e.countries) == pair]
    assert len(news) == 1, (name, frame_results[name])
    got = {key: getattr(news[0], key) for key in fields}
    assert got == fields


# A record without a publication day: "yesterday" and weekdays count from its dateline's or page line's day,
# else from the latest day the story states in full; with nothing to count from, the publication month.
UNDATED_CASES: dict[str, tuple[str, str | None, str | None]] = {
    "dateline_day_in_the_publication_month": (
        (
            "Pyongyang, March 12 (KCNA) -- Talks between Red Cross officials of the DPRK and Japan took place in "
            "Dalian yesterday."
        ),
        "2026-03",
        "2026-03-11",
    ),
    "page_line_day": (
        (
            "Japan, N. Korea talk\n\nUpdated: Thursday, 12 March, 2026\n\nJapanese and North Korean officials held "
            "talks in Beijing on Tuesday."
        ),
        None,
        "2026-03-10",
    ),
    "dateline_day_in_the_year_the_text_states": (
        (
            "TOKYO, Sept. 30 (Kyokuto) -- Japanese and North Korean officials met in Hanoi on Monday, the first "
            "such meeting since a round in Ulaanbaatar in May 2024."
        ),
        None,
        "2024-09-30",
    ),
    "report_day_named_with_its_weekday": (
        "Japanese and North Korean officials met in Hanoi on Tuesday, the Foreign Ministry said on Thursday, March 12.",
        "2026-03",
        "2026-03-10",
    ),
    "only_the_publication_month": (
        "Japanese and North Korean officials met in Hanoi on Tuesday, a government source said.",
        "2026-03",
        "2026-03",
    ),
    "a_planned_day_is_no_reference": (
        "Japanese and North Korean officials met in Hanoi on Tuesday. They will meet again on March 28, 2026.",
        None,
        None,
    ),
}


@pytest.mark.parametrize("name", sorted(UNDATED_CASES))
def test_undated_story_day(name: str) -> None:
    text, period, date = UNDATED_CASES[name]
    events = extract_many([Article(id=name, text=text, published=None, published_period=period)])[0]
    news = [e for e in events if e.is_new_contact and e.countries == ("JPN", "PRK")]
    assert [e.date for e in news] == [date], events


def test_without_a_year_the_office_the_text_gives_picks_the_term() -> None:
    # Kishida was Foreign Minister before he was Prime Minister; a record with no date says which by its title.
    text = "Japanese Prime Minister Fumio Kishida held talks with U.S. President Joe Biden in Washington."
    events = extract_many([Article(id="t", text=text, published=None)])[0]
    assert [(e.countries, e.level) for e in events if e.is_new_contact] == [(("JPN", "USA"), "leaders")]


# A head of a named unit ranks as that unit's chief (`contact_words.category_of`, own phrases).
UNIT_HEAD_CASES: dict[str, str | None] = {
    "the head of the Foreign Ministry's Northeast Asia Division": "working_level",
    "the chief of the ministry's China and Mongolia Division": "working_level",
    "the director of the party's International Department": "senior_officials",
    "the deputy head of the Asian Affairs Bureau": "senior_officials",
    "the director-general of the Asian Affairs Bureau": "senior_officials",
    "head of the delegation": None,
    "a division director": "working_level",
}


@pytest.mark.parametrize("phrase", sorted(UNIT_HEAD_CASES))
def test_unit_head_rank(phrase: str) -> None:
    assert category_of(phrase) == UNIT_HEAD_CASES[phrase]
