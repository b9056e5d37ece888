"""Routes prompts through LiteLLM's own complexity router, configured exactly as the kit renders it.

Reads {"params": <litellm_params of the router group>, "prompts": [...]} on stdin and prints
{"models": [...]} — the model group the router picks for each prompt. Run with the LiteLLM venv
from scripts/setup/40-litellm.sh; the router is the release the gateway deploys, so this is the
real routing decision, not a re-implementation of it.
"""

import asyncio
import json
import logging
import sys
from unittest.mock import MagicMock

logging.disable(logging.WARNING)

from litellm.router_strategy.complexity_router.complexity_router import ComplexityRouter  # noqa: E402


async def main() -> None:
    request = json.load(sys.stdin)
    params = request["params"]
    if params.get("model") != "auto_router/complexity_router":
        raise SystemExit(f"not a complexity router: {params.get('model')}")
    # The proxy builds the router from these two litellm_params; the LiteLLM Router itself is only
    # needed for model calls, which classification never makes.
    router = ComplexityRouter(
        model_name="router",
        litellm_router_instance=MagicMock(),
        complexity_router_config=params["complexity_router_config"],
        default_model=params["complexity_router_default_model"],
    )
    models = []
    for prompt in request["prompts"]:
        decision = await router.async_pre_routing_hook(model="router", request_kwargs={}, messages=[{"role": "user", "content": prompt}])
        models.append(getattr(decision, "model", None))
    print(json.dumps({"models": models}))


asyncio.run(main())
