"""Configuration: settings loaded from `talkwatch.toml` with environment overrides."""

from common.errors import ConfigError
from config.settings import Settings, config_path, load_settings

__all__ = ["ConfigError", "Settings", "config_path", "load_settings"]
