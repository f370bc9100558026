"""Where bolt's OAuth flow is served on `rolebot serve` (many workspaces)."""

INSTALL_PATH, REDIRECT_PATH = "/slack/install", "/slack/oauth_redirect"
