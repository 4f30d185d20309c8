"""A bundled offline mirror: fixture sites shaped like Chinese government news sites.

Five sites, one per CMS family (TRS WCM, Hanweb JCMS, gov.cn, a GBK table-layout city
CMS, a Traditional-script portal), served over real HTTP on loopback so the crawler
and its tests run offline. README.md in this folder lists the sites and their planted
cases; `serve_mirror` (server.py) is the API:

    from crawler.mirror import serve_mirror
    with serve_mirror() as mirror: ...
"""

_EXPORTS = {"Mirror": "server", "MirrorSite": "server", "serve_mirror": "server", "SiteExpectations": "sites"}
__all__ = list(_EXPORTS)


def __getattr__(name: str):
    # Imported on first use, not here: `python -m crawler.mirror.server` would otherwise
    # find its own module already imported by the package and warn.
    if name in _EXPORTS:
        import importlib

        return getattr(importlib.import_module(f".{_EXPORTS[name]}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
