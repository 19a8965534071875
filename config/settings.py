"""Settings: the TOML file of the contract, validated, with environment overrides.

Every key is optional and has the contract's default. Unknown keys, wrong types and invalid values raise
`ConfigError`, whose message is one line naming the file and the key; the CLI turns it into exit 2.
"""

from __future__ import annotations

import hashlib
import os
import re
import tomllib
from pathlib import Path
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    SecretStr,
    ValidationError,
    field_validator,
    model_validator,
)

from common.environment import environment
from common.errors import ConfigError

DEFAULT_CONFIG = Path("config/talkwatch.toml")
_ENV_REF = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")
ISO3 = re.compile(r"^[A-Z]{3}$")


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=False)


class DatabaseSettings(_Section):
    url: str = "sqlite:///var/talkwatch.db"

    @field_validator("url")
    @classmethod
    def _known_scheme(cls, value: str) -> str:
        from sqlalchemy.engine import make_url
        from sqlalchemy.exc import ArgumentError

        scheme = value.split(":", 1)[0]
        if "://" not in value or not scheme.startswith(("sqlite", "postgresql")):
            raise ValueError("must be sqlite:///PATH or postgresql+psycopg://...")
        try:
            url = make_url(value)
            _ = url.port  # parses the port: a malformed one raises here, not at connect time
        except (ArgumentError, ValueError) as exc:
            raise ValueError(f"not a valid database URL ({exc})") from None
        return value


class ScheduleSettings(_Section):
    cron: str = "*/15 * * * *"
    timezone: str = "UTC"

    @field_validator("cron")
    @classmethod
    def _five_fields(cls, value: str) -> str:
        if len(value.split()) != 5:
            raise ValueError("must be a cron expression with five fields")
        return value

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown time zone {value!r}") from exc
        return value


class FetchSettings(_Section):
    timeout_s: float = Field(default=20, gt=0)
    max_bytes: int = Field(default=10_000_000, gt=0)
    concurrency: int = Field(default=32, ge=1, le=1024)
    per_host_concurrency: int = Field(default=4, ge=1, le=256)
    user_agent: str = "talkwatch/1.0 (+https://example.org/talkwatch)"


class FeedConfig(_Section):
    name: str = Field(min_length=1)
    url: str = Field(min_length=1)
    fulltext: bool = False
    enabled: bool = True
    allow_private: bool = False
    outlet: str | None = None
    # The feed's language: its articles go to that extractor ("en", "ja"); absent: detected per article.
    language: Literal["en", "ja"] | None = None


class WatchConfig(_Section):
    name: str = "japan-dprk-talks"
    countries: tuple[str, str] = ("JPN", "PRK")
    statuses: tuple[str, ...] = ("held", "ongoing")
    max_age_days: int = Field(default=30, ge=0)
    min_level: str | None = None
    min_confidence: float = Field(default=0.0, ge=0.0, le=1.0)

    @field_validator("countries")
    @classmethod
    def _iso3(cls, value: tuple[str, str]) -> tuple[str, str]:
        for code in value:
            if not ISO3.match(code):
                raise ValueError(f"{code!r} is not an ISO 3166-1 alpha-3 code")
        return (value[0], value[1]) if value[0] <= value[1] else (value[1], value[0])

    @field_validator("statuses")
    @classmethod
    def _known_statuses(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        from extractors.events import STATUSES

        for status in value:
            if status not in STATUSES:
                raise ValueError(f"unknown status {status!r} (one of {', '.join(STATUSES)})")
        return value

    @field_validator("min_level")
    @classmethod
    def _known_level(cls, value: str | None) -> str | None:
        from extractors.events import LEVELS

        if value is not None and value not in LEVELS:
            raise ValueError(f"unknown level {value!r} (one of {', '.join(LEVELS)})")
        return value


class AlertSettings(_Section):
    max_attempts: int = Field(default=8, ge=1, le=100)
    send_timeout_s: float = Field(default=15, gt=0)


LOOPBACK_HOSTS = ("127.0.0.1", "::1", "localhost")


class WebSettings(_Section):
    """`talkwatch web` / `serve`: where the read-only web view listens. Anything but loopback needs a token."""

    host: str = Field(default="127.0.0.1", min_length=1)
    port: int = Field(default=8686, ge=1, le=65535)
    token: SecretStr | None = None

    @field_validator("token")
    @classmethod
    def _not_empty(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and not value.get_secret_value().strip():
            raise ValueError("must not be empty (leave the key out for no token)")
        return value

    @property
    def loopback(self) -> bool:
        import ipaddress

        if self.host in LOOPBACK_HOSTS:
            return True
        try:
            return ipaddress.ip_address(self.host).is_loopback
        except ValueError:
            return False


class WebhookChannel(_Section):
    type: Literal["webhook"]
    name: str | None = None
    url: str
    secret: SecretStr

    @field_validator("url")
    @classmethod
    def _http_url(cls, value: str) -> str:
        if urlsplit(value).scheme not in ("http", "https"):
            raise ValueError("must be an http(s) URL")
        _ = urlsplit(value).port  # a malformed port fails here, naming this key
        return value

    @field_validator("secret")
    @classmethod
    def _whsec(cls, value: SecretStr) -> SecretStr:
        if not value.get_secret_value().startswith("whsec_"):
            raise ValueError('must be a Standard Webhooks secret "whsec_<base64>"')
        return value

    @property
    def key(self) -> str:
        return self.name or f"webhook:{_url_key(self.url, show_host=True)}"


class EmailChannel(_Section):
    type: Literal["email"]
    name: str | None = None
    smtp_url: SecretStr
    sender: str = Field(min_length=3)
    to: tuple[str, ...] = Field(min_length=1)

    @field_validator("smtp_url")
    @classmethod
    def _smtp_scheme(cls, value: SecretStr) -> SecretStr:
        if urlsplit(value.get_secret_value()).scheme not in ("smtp", "smtps"):
            raise ValueError("must be smtp://... or smtps://...")
        try:
            _ = urlsplit(value.get_secret_value()).port  # fails here, naming this key, not at the top level
        except ValueError:
            raise ValueError("port is not a number in 0-65535") from None
        return value

    @property
    def key(self) -> str:
        return self.name or f"email:{_redact_url(self.smtp_url.get_secret_value())}"


class AppriseChannel(_Section):
    type: Literal["apprise"]
    name: str | None = None
    url: SecretStr

    @property
    def key(self) -> str:
        return self.name or f"apprise:{_url_key(self.url.get_secret_value(), show_host=False)}"


class ConsoleChannel(_Section):
    type: Literal["console"]
    name: str | None = None

    @property
    def key(self) -> str:
        return self.name or "console"


Channel = Annotated[WebhookChannel | EmailChannel | AppriseChannel | ConsoleChannel, Field(discriminator="type")]


class Settings(_Section):
    database: DatabaseSettings = DatabaseSettings()
    schedule: ScheduleSettings = ScheduleSettings()
    fetch: FetchSettings = FetchSettings()
    feeds: tuple[FeedConfig, ...] = ()
    watch: tuple[WatchConfig, ...] = (WatchConfig(),)
    alerts: AlertSettings = AlertSettings()
    web: WebSettings = WebSettings()
    channels: tuple[Channel, ...] = ()
    # Where the file was read from: relative paths in it resolve against this directory.
    source: Path | None = Field(default=None, exclude=True)

    @model_validator(mode="after")
    def _unique_names(self) -> Settings:
        for label, names in (
            ("feeds", [f.name for f in self.feeds]),
            ("watch", [w.name for w in self.watch]),
            ("channels", [c.key for c in self.channels]),
        ):
            dupes = {n for n in names if names.count(n) > 1}
            if dupes:
                raise ValueError(f"{label}: duplicate name {sorted(dupes)[0]!r}")
        return self

    @property
    def effective_channels(
        self,
    ) -> tuple[WebhookChannel | EmailChannel | AppriseChannel | ConsoleChannel, ...]:
        """No channel configured means alerts go to the console."""
        return self.channels or (ConsoleChannel(type="console"),)

    def resolve_path(self, value: str) -> Path:
        """A path from the config file is relative to the file's directory."""
        path = Path(value)
        if path.is_absolute() or self.source is None:
            return path
        return self.source.parent / path


def _redact_url(url: str) -> str:
    parts = urlsplit(url)
    host = parts.hostname or ""
    port = f":{parts.port}" if parts.port else ""
    return f"{parts.scheme}://{host}{port}{parts.path}"


def _url_key(url: str, *, show_host: bool) -> str:
    """A stable, printable name for an unnamed channel that never reveals a token.

    Webhook paths (Slack, Teams) and Apprise hosts (`tgram://<bot-token>/...`) are often the secret itself, so
    only the scheme (and for webhooks the host) is shown; a digest of the whole URL keeps two channels apart.
    """
    parts = urlsplit(url)
    digest = hashlib.sha256(url.encode()).hexdigest()[:12]
    host = f"//{parts.hostname}" if show_host and parts.hostname else ""
    return f"{parts.scheme}:{host}#{digest}"


def shown_url(url: str, *, show_host: bool) -> str:
    """A channel URL as `config show` prints it: scheme, host and port, then `/…#<digest>`, never a token.

    The digest is the one in the channel's key (`_url_key`), so a shown URL can be matched to its deliveries.
    Apprise hosts are often the token itself (`tgram://<bot-token>/...`, `discord://<id>/<token>`): pass
    `show_host=False` and only the scheme is kept.
    """
    parts = urlsplit(url)
    digest = hashlib.sha256(url.encode()).hexdigest()[:12]
    where = ""
    if show_host and parts.hostname:
        host = f"[{parts.hostname}]" if ":" in parts.hostname else parts.hostname
        try:
            port = parts.port
        except ValueError:
            port = None
        where = host + (f":{port}" if port else "")
    return f"{parts.scheme}://{where}/…#{digest}"


def _expand_env(value: Any, where: str) -> Any:
    """`${VAR}` in any string reads the environment; a missing variable is a config error."""
    if isinstance(value, str):

        def repl(match: re.Match[str]) -> str:
            name = match.group(1)
            if name not in os.environ:
                raise ConfigError(f"{where}: environment variable {name} is not set")
            return os.environ[name]

        return _ENV_REF.sub(repl, value)
    if isinstance(value, list):
        return [_expand_env(v, f"{where}[{i}]") for i, v in enumerate(value)]
    if isinstance(value, dict):
        return {k: _expand_env(v, f"{where}.{k}" if where else k) for k, v in value.items()}
    return value


def _error_line(path: Path, exc: ValidationError) -> str:
    err = exc.errors()[0]
    loc_parts: list[str] = []
    for part in err["loc"]:
        if isinstance(part, int):
            loc_parts[-1:] = [f"{loc_parts[-1]}[{part}]"] if loc_parts else [f"[{part}]"]
        elif part in ("webhook", "email", "apprise", "console") and loc_parts and loc_parts[-1].endswith("]"):
            continue  # the discriminated-union tag adds nothing for a reader
        else:
            loc_parts.append(str(part))
    key = ".".join(loc_parts) or "(top level)"
    msg = err["msg"]
    if err["type"] == "extra_forbidden":
        msg = "unknown key"
    elif msg.startswith("Value error, "):
        msg = msg.removeprefix("Value error, ")
    more = f" (+{len(exc.errors()) - 1} more)" if len(exc.errors()) > 1 else ""
    return f"{path}: {key}: {msg}{more}"


def config_path(explicit: str | Path | None = None) -> Path:
    if explicit:
        return Path(explicit)
    return environment().config or DEFAULT_CONFIG


def load_settings(path: str | Path | None = None) -> Settings:
    """Read, expand and validate the config; raise ConfigError with one line on any problem."""
    env = environment()
    cfg_path = config_path(path)
    explicit = path is not None or env.config is not None
    raw: dict[str, Any] = {}
    if cfg_path.exists():
        try:
            raw = tomllib.loads(cfg_path.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"{cfg_path}: not valid TOML: {exc}") from None
        except (OSError, UnicodeDecodeError) as exc:
            raise ConfigError(f"{cfg_path}: cannot read: {exc}") from None
    elif explicit:
        raise ConfigError(f"{cfg_path}: config file not found")
    raw = _expand_env(raw, "")
    env_db = env.database_url
    if env_db:
        raw.setdefault("database", {})
        if not isinstance(raw["database"], dict):
            raise ConfigError(f"{cfg_path}: database: must be a table")
        raw["database"]["url"] = env_db
    try:
        settings = Settings.model_validate({**raw, "source": cfg_path.resolve()})
    except ValidationError as exc:
        raise ConfigError(_error_line(cfg_path, exc)) from None
    if not env_db:
        settings = _anchor_sqlite(settings, cfg_path.exists())
    return settings


def _anchor_sqlite(settings: Settings, cfg_exists: bool) -> Settings:
    """A relative SQLite path in the file is relative to the file's directory (the contract's rule)."""
    url = settings.database.url
    prefix = "sqlite:///"
    if not url.startswith(prefix) or url.startswith(prefix + "/"):
        return settings
    rel = url[len(prefix) :]
    if rel in ("", ":memory:") or settings.source is None or not cfg_exists:
        return settings
    anchored = f"{prefix}{(settings.source.parent / rel).resolve()}"
    return settings.model_copy(update={"database": DatabaseSettings(url=anchored)})
