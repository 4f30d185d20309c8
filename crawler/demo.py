"""`govnews demo`: the bundled mirror's site files, bound to the ports the mirror got."""

from __future__ import annotations

from typing import Any

import yaml

from cleaners.config import config_dir

from .siteconfig import resolve_site


def mirror_site_configs(mirror, root: str | None = None) -> list[dict[str, Any]]:
    """configs/mirror/<site>.yaml for every site the mirror serves, `{port}` filled in."""
    configs = []
    for name, site in mirror.sites.items():
        path = config_dir(root) / "mirror" / f"{name}.yaml"
        text = path.read_text(encoding="utf-8").replace("{port}", str(site.port))
        configs.append(resolve_site(yaml.safe_load(text), path, root))
    return configs
