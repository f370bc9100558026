"""Content packs: typed models, loading, validation and caching."""

from rolebot.content.loader import ContentError, ContentErrors, default_content_dir, load_pack, load_packs
from rolebot.content.models import Pack

__all__ = ["ContentError", "ContentErrors", "Pack", "default_content_dir", "load_pack", "load_packs"]
