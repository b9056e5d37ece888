"""Prints the routes of the pinned LiteLLM's key, team and tag management routers as JSON:
[{"path": ..., "methods": [...]}] (the routers the proxy mounts for these endpoints)."""

import json

from litellm.proxy.management_endpoints import key_management_endpoints, tag_management_endpoints, team_endpoints

routes = []
for module in (key_management_endpoints, team_endpoints, tag_management_endpoints):
    for r in module.router.routes:
        routes.append({"path": r.path, "methods": sorted(getattr(r, "methods", None) or [])})
print(json.dumps(routes))
