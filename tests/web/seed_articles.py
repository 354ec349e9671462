"""Short invented news articles (written for these tests; not taken from any corpus) used to seed the
dashboard's database for API tests, browser tests and the screenshots in docs/img."""

from __future__ import annotations

from sitrep.models import Document

ARTICLES: list[dict] = [
    {
        "id": "seed-asad-rockets",
        "url": "https://desert-wire.example/2024/01/21/asad-rockets",
        "outlet": "Desert Wire",
        "published": "2024-01-21",
        "text": (
            "Rockets strike Ain al-Asad air base in western Iraq\n"
            "BAGHDAD, Jan. 21, 2024 (Desert Wire) - Several rockets struck Ain al-Asad air base in Anbar province "
            "on Saturday evening, wounding two U.S. service members, a U.S. defense official said.\n"
            "The Islamic Resistance in Iraq claimed responsibility for the attack in a statement on Telegram.\n"
            "Iraqi security forces later found a launcher in a truck near the town of al-Baghdadi."
        ),
    },
    {
        "id": "seed-asad-rockets-2",
        "url": "https://river-post.example/news/asad-base-hit",
        "outlet": "River Post",
        "published": "2024-01-21",
        "text": (
            "U.S. troops hurt as rockets hit Iraqi base\n"
            "ANBAR, Iraq (River Post) - Four American personnel were wounded when rockets hit Ain al-Asad air base "
            "on Saturday, according to a statement from U.S. Central Command.\n"
            "An umbrella group of Iran-backed militias, the Islamic Resistance in Iraq, said it had fired the rockets."
        ),
    },
    {
        "id": "seed-tanf-drone",
        "url": "https://desert-wire.example/2024/01/15/tanf-drone",
        "outlet": "Desert Wire",
        "published": "2024-01-15",
        "text": (
            "Drone targets U.S. garrison at al-Tanf in Syria\n"
            "DAMASCUS, Jan. 15, 2024 (Desert Wire) - A one-way attack drone targeted the al-Tanf garrison in "
            "southern Syria on Sunday, causing no injuries, a U.S. military official said.\n"
            "Harakat al-Nujaba claimed responsibility for the attack in a statement on its Telegram channel."
        ),
    },
    {
        "id": "seed-erbil-drones",
        "url": "https://north-news.example/erbil-airport-drones",
        "outlet": "North News",
        "published": "2024-01-05",
        "text": (
            "Drones shot down near Erbil airport base\n"
            "ERBIL, Iraq, Jan. 5, 2024 (North News) - Two drones were shot down on Thursday as they approached "
            "the coalition base at Erbil International Airport, Kurdish counter-terrorism officials said.\n"
            "Nobody was hurt. The Islamic Resistance in Iraq claimed the attack."
        ),
    },
    {
        "id": "seed-convoy-ied",
        "url": "https://river-post.example/news/diwaniyah-convoy",
        "outlet": "River Post",
        "published": "2021-06-09",
        "text": (
            "Roadside bomb hits logistics convoy in southern Iraq\n"
            "DIWANIYAH, Iraq, June 9, 2021 (River Post) - A roadside bomb exploded on Tuesday next to a convoy "
            "carrying supplies for the U.S.-led coalition on the highway near Diwaniyah, security sources said.\n"
            "No casualties were reported. A group calling itself Ashab al-Kahf claimed the attack on Telegram."
        ),
    },
    {
        "id": "seed-conoco-rockets",
        "url": "https://north-news.example/conoco-rockets",
        "outlet": "North News",
        "published": "2023-11-10",
        "text": (
            "Rockets fired at U.S. base at Conoco gas field in Syria\n"
            "DEIR EZZOR, Syria, Nov. 10, 2023 (North News) - Several rockets were fired on Thursday at the U.S. base "
            "at the Conoco gas field in Deir ez-Zor province, a war monitor said. There were no casualties.\n"
            "The Islamic Resistance in Iraq said it had targeted the base."
        ),
    },
    {
        "id": "seed-baghdad-embassy",
        "url": "https://desert-wire.example/2023/12/08/embassy-rockets",
        "outlet": "Desert Wire",
        "published": "2023-12-08",
        "text": (
            "Rockets fired at U.S. Embassy in Baghdad\n"
            "BAGHDAD, Dec. 8, 2023 (Desert Wire) - Several rockets were fired at the U.S. Embassy in Baghdad's "
            "Green Zone early on Friday, a security source said. No casualties were reported."
        ),
    },
    {
        "id": "seed-truce",
        "url": "https://river-post.example/news/kh-suspends",
        "outlet": "River Post",
        "published": "2024-01-31",
        "text": (
            "Militia declares truce with U.S. forces\n"
            "BAGHDAD, Jan. 31, 2024 (River Post) - Kataib Hezbollah announced on Tuesday that it had suspended its "
            "attacks on U.S. forces in Iraq, a truce the group said would hold while talks continue."
        ),
    },
]

# An article whose text carries markup: it must be shown as text, never run.
HOSTILE_TEXT = (
    'Rockets hit <script>window.__pwned = 1</script> Harir base <img src=x onerror="window.__pwned=2">\n'
    "ERBIL, Iraq, Feb. 2, 2024 (Test Wire) - Rockets struck Harir air base in Erbil province on Friday, "
    'a security official said. A group calling itself <b onmouseover="window.__pwned=3">Saraya X</b> '
    "claimed the attack.\n"
)


def documents() -> list[Document]:
    return [Document(**a, source_kind="api") for a in ARTICLES]


def seed(store) -> None:  # noqa: ANN001
    """Extract and store every seed article (the real extractor, the store's public API)."""
    from sitrep.extract.pipeline import EXTRACTOR_VERSION, extract_document

    for d in documents():
        store.add_result(d, extract_document(d), EXTRACTOR_VERSION)
