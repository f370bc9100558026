"""Content packs: typed models, loading, validation and caching."""

from rolebot.content.loader import ContentError, ContentErrors, load_pack, load_packs, shipped_content_dir
from rolebot.content.models import Pack

__all__ = ["ContentError", "ContentErrors", "Pack", "load_pack", "load_packs", "shipped_content_dir"]
