"""TEST HARNESS ONLY: stands in for LiteLLM's keys database in a proxy that cannot have one here.

LiteLLM's database layer needs Prisma's engines, downloaded at first start from
binaries.prisma.sh, which no machine here reaches. This module is LiteLLM's open-source
`custom_auth` hook (general_settings.custom_auth): for each caller key it returns the
`UserAPIKeyAuth` LiteLLM would build from the key's row, made from exactly the `/key/generate`
body the kit's keys command sends (parsed by LiteLLM's own `GenerateKeyRequest`), so LiteLLM's own
rate limiter and route checks run on it. Never part of a deployed config.

KEYS_FIXTURE names a JSON file: {"master": <master key>, "keys": {<key value>: {"body": {...}}}}.
"""

import json
import os

from fastapi import Request
from litellm.proxy._types import GenerateKeyRequest, LitellmUserRoles, ProxyException, UserAPIKeyAuth
from litellm.proxy.utils import hash_token


async def user_api_key_auth(request: Request, api_key: str) -> UserAPIKeyAuth:
    with open(os.environ["KEYS_FIXTURE"]) as f:
        fixture = json.load(f)
    if api_key == fixture["master"]:
        return UserAPIKeyAuth(api_key=api_key, user_role=LitellmUserRoles.PROXY_ADMIN)
    entry = fixture["keys"].get(api_key)
    if entry is None:
        raise ProxyException(message="Authentication Error, invalid key", type="auth_error", param="api_key", code=401)
    body = GenerateKeyRequest.model_validate(entry["body"])
    fields = {k: v for k, v in body.model_dump(exclude_unset=True).items() if k in UserAPIKeyAuth.model_fields}
    return UserAPIKeyAuth(**fields, api_key=api_key, token=hash_token(api_key), user_role=LitellmUserRoles.INTERNAL_USER)
