"""Configuration: settings loaded from `talkwatch.toml` with environment overrides."""

from config.settings import ConfigError, Settings, config_path, load_settings

__all__ = ["ConfigError", "Settings", "config_path", "load_settings"]
