"""Access-matrix rows of the department dashboard (dashboard.view on the highway branch:
admin, secretary, deputy secretary, the inspector above, the leader)."""

from __future__ import annotations

from tests.access.routes import HIGHWAY, Route

PAGE_ROUTES = {
    "dashboard:index": Route(query={"org": HIGHWAY}),
    "dashboard:panel": Route(kwargs={"key": "assistance"}, query={"org": HIGHWAY}),
    "dashboard:report": Route(query={"org": HIGHWAY, "year": 2019}),
}

# fmt: off
PAGE_ANSWERS = {
    #                     adm  sec  dep  org  pro  dis  mem  ins  lea  eng  out  anon
    "dashboard:index":   (200, 200, 200, 403, 403, 403, 403, 200, 200, 403, 404, 302),
    "dashboard:panel":   (200, 200, 200, 403, 403, 403, 403, 200, 200, 403, 404, 302),
    "dashboard:report":  (200, 200, 200, 403, 403, 403, 403, 200, 200, 403, 404, 302),
}
# fmt: on
