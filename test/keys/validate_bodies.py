"""Validates admin-API request bodies with the pinned LiteLLM's own pydantic request models.

Reads JSON from stdin: a list of {"route": "/key/generate", "body": {...}}. For each, the model the
route's handler declares in the pinned litellm (requirements/litellm.txt) parses the body (a wrong
type fails as it would in the proxy), and every field sent must be a field of that model: LiteLLM's
models ignore unknown fields, so a misspelt one would otherwise be dropped without a word. Prints a JSON list of problems
(empty when every body is accepted).
"""

import json
import sys

from litellm.proxy._types import (
    GenerateKeyRequest,
    KeyRequest,
    NewTeamRequest,
    UpdateKeyRequest,
    UpdateTeamRequest,
)
from litellm.types.tag_management import TagNewRequest, TagUpdateRequest
from pydantic import ValidationError

MODELS = {
    "/key/generate": GenerateKeyRequest,
    "/key/update": UpdateKeyRequest,
    "/key/delete": KeyRequest,
    "/team/new": NewTeamRequest,
    "/team/update": UpdateTeamRequest,
    "/tag/new": TagNewRequest,
    "/tag/update": TagUpdateRequest,
}


def main() -> None:
    problems = []
    for item in json.load(sys.stdin):
        route, body = item["route"], item["body"]
        model = MODELS.get(route)
        if model is None:
            problems.append({"route": route, "problem": "no request model known for this route"})
            continue
        unknown = sorted(set(body) - set(model.model_fields))
        if unknown:
            problems.append({"route": route, "problem": f"fields not in {model.__name__}: {unknown}"})
        try:
            parsed = model.model_validate(body)
        except ValidationError as e:
            problems.append({"route": route, "problem": str(e)})
            continue
        # What the handler reads must be what was sent (no coercion that changes a value).
        dumped = parsed.model_dump(exclude_unset=True, mode="json")
        for k, v in body.items():
            if dumped.get(k) != v:
                problems.append({"route": route, "problem": f"{k}: sent {v!r}, the model holds {dumped.get(k)!r}"})
    json.dump(problems, sys.stdout)


if __name__ == "__main__":
    main()
