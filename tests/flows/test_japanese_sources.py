"""Issue 19 end to end: a Japanese feed (`language = "ja"`) through `talkwatch run`, the same contact reported in
English and Japanese stored as one event with both outlets, and the seed run never loading the Japanese model."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from xml.sax.saxutils import escape

import pytest

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds" / "feeds" / "fixtures.xml"

JA_TITLE = "日朝が北京で局長級協議"
JA_TEXT = (
    "日朝両政府は30日、北京の北朝鮮大使館で局長級の政府間協議を開いた。日本側は外務省の伊原純一アジア大洋州局長、"
    "北朝鮮側は宋日昊大使が出席し、拉致問題などを話し合った。正式な政府間協議は約1年4カ月ぶり。"
)
EN_TITLE = "Japan and North Korea hold talks in Beijing"
EN_TEXT = (
    "BEIJING — Japanese and North Korean senior officials held talks in Beijing on Sunday, the first formal "
    "government-level talks since 2012, Japan's foreign ministry said. Junichi Ihara, director general of the "
    "Asian and Oceanian Affairs Bureau, met North Korean ambassador Song Il Ho at the North Korean Embassy."
)
PUB = "Mon, 31 Mar 2014 09:00:00 +0900"


def _rss(path: Path, link: str, title: str, text: str) -> Path:
    path.write_text(
        '<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel><title>t</title>'
        "<link>https://example.org/</link><description>d</description>"
        f"<item><title>{escape(title)}</title><link>{link}</link><guid>{link}</guid><pubDate>{PUB}</pubDate>"
        f"<description>{escape(text)}</description></item></channel></rss>\n",
        encoding="utf-8",
    )
    return path


def _cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if k not in ("TALKWATCH_CONFIG", "TALKWATCH_DATABASE_URL")}
    return subprocess.run(
        [sys.executable, "-m", "flows.cli", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**base, "PREFECT_SERVER_ANALYTICS_ENABLED": "false", **(env or {})},
        timeout=300,
        check=False,
    )


@pytest.mark.slow
def test_japanese_and_english_reports_are_one_event_with_both_outlets(tmp_path: Path) -> None:
    ja = _rss(tmp_path / "ja.xml", "https://www.kyodo.example.jp/news/1", JA_TITLE, JA_TEXT)
    en = _rss(tmp_path / "en.xml", "https://www.wire.example.com/news/1", EN_TITLE, EN_TEXT)
    cfg = tmp_path / "talkwatch.toml"
    cfg.write_text(
        f"""
[database]
url = "sqlite:///tw.db"

[[feeds]]
name = "ja-wire"
url = "{ja}"
language = "ja"

[[feeds]]
name = "en-wire"
url = "{en}"

[[watch]]
name = "japan-dprk-talks"
max_age_days = 36500
""",
        encoding="utf-8",
    )
    env = {"PREFECT_HOME": str(tmp_path / "prefect")}
    run = _cli("--config", str(cfg), "run", "--json", env=env)
    assert run.returncode == 0, run.stderr
    summary = json.loads(run.stdout)
    assert summary["articles_new"] == 2
    events = _cli("--config", str(cfg), "events", "--json", env=env)
    assert events.returncode == 0, events.stderr
    news = [e for e in json.loads(events.stdout) if not e["background"]]
    assert len(news) == 1, news
    [event] = news
    assert event["countries"] == ["JPN", "PRK"]
    assert event["status"] == "held"
    assert event["date"] == "2014-03-30"
    assert event["location"] == "Beijing"
    assert event["level"] == "senior_officials"
    assert event["sources"] == 2
    assert set(event["articles"]) == {"https://www.kyodo.example.jp/news/1", "https://www.wire.example.com/news/1"}


def test_bad_feed_language_is_a_config_error(tmp_path: Path) -> None:
    cfg = tmp_path / "talkwatch.toml"
    cfg.write_text('[[feeds]]\nname = "x"\nurl = "x.xml"\nlanguage = "fr"\n', encoding="utf-8")
    out = _cli("--config", str(cfg), "config", "show")
    assert out.returncode == 2
    assert "language" in out.stderr and "Traceback" not in out.stderr


@pytest.mark.slow
def test_seed_run_never_loads_the_japanese_model(tmp_path: Path) -> None:
    # A `ja_ginza` that cannot be imported stands first on the path: the seed run (English only) must not care.
    poison = tmp_path / "poison"
    (poison / "ja_ginza").mkdir(parents=True)
    (poison / "ja_ginza" / "__init__.py").write_text("raise ImportError('the Japanese model was loaded')\n")
    cfg = tmp_path / "talkwatch.toml"
    cfg.write_text(
        f'[database]\nurl = "sqlite:///tw.db"\n\n[[feeds]]\nname = "seeds"\nurl = "{SEEDS}"\n'
        '\n[[watch]]\nname = "japan-dprk-talks"\nmax_age_days = 36500\n',
        encoding="utf-8",
    )
    env = {"PREFECT_HOME": str(tmp_path / "prefect"), "PYTHONPATH": f"{poison}{os.pathsep}{ROOT}"}
    run = _cli("--config", str(cfg), "run", "--json", env=env)
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout)["events_new"] >= 1
    check = subprocess.run(
        [sys.executable, "-c", "import ja_ginza"],
        env={**os.environ, "PYTHONPATH": str(poison)},
        capture_output=True,
        check=False,
    )
    assert check.returncode != 0  # the poison works: had the run loaded the model, it would have failed
