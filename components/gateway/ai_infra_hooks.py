"""The kit's gateway hooks, loaded as ONE custom callback.

`litellm_settings.callbacks` is one value, `os.environ/AI_INFRA_HOOKS_CALLBACK`: deployed, the
gateway reads its config from a bucket and the hooks' modules sit beside the config object, so the
variable holds this module's URL (`s3://<bucket>/<prefix>ai_infra_hooks.hooks`, `gcs://…` on GCP),
which LiteLLM downloads and imports (`get_instance_fn`, litellm/proxy/types_utils/utils.py;
https://docs.litellm.ai/docs/proxy/call_hooks). LiteLLM resolves `os.environ/` only in a plain
value, never in a list item, and a list of literal URLs would put the bucket in the rendered
config; so one module, this one, loads the others.

`litellm_settings.ai_infra_hooks` (stored by the proxy as `litellm.ai_infra_hooks`) lists the
hooks the config enables as `module.instance`, e.g. `ai_infra_cache_tiers.installer`. Each is loaded
with LiteLLM's own loader from beside this module: the same bucket and prefix when this module came
from a URL, beside the config file otherwise (local runs). Each feature's code stays its own module.

The proxy runs the callbacks it holds, and assigns the one loaded from a plain `callbacks` value
after loading it, so the hooks are forwarded from here: `async_pre_call_hook` in the listed order,
each seeing the previous one's request, and `async_post_call_response_headers_hook` merged. A hook
overriding any other CustomLogger method fails the start: it would otherwise never run.
"""

from __future__ import annotations

import os
from typing import Any

import litellm
from litellm.integrations.custom_logger import CustomLogger
from litellm.proxy.types_utils.utils import get_instance_fn

CALLBACK_ENV = "AI_INFRA_HOOKS_CALLBACK"
SETTINGS_ATTR = "ai_infra_hooks"
FORWARDED = ("async_pre_call_hook", "async_post_call_response_headers_hook")
# Set by CustomLogger itself, not hooks.
_BASE_ATTRS = {"__init__", "__module__", "__doc__", "__qualname__", "__dict__", "__weakref__", "__annotations__"}


def member_ref(own: str, member: str) -> str:
    """Where `member` (`module.instance`) is, given this module's own callback value."""
    if own.startswith(("s3://", "gcs://")):
        return f"{own.rsplit('/', 1)[0]}/{member}"
    return member


def _unforwarded(instance: object) -> list[str]:
    out: list[str] = []
    for cls in type(instance).__mro__:
        if cls is CustomLogger or not issubclass(cls, CustomLogger):
            continue
        for name in vars(cls):
            if name in _BASE_ATTRS or name in FORWARDED or not hasattr(CustomLogger, name):
                continue
            out.append(name)
    return sorted(set(out))


class Hooks(CustomLogger):
    def __init__(self) -> None:
        super().__init__()
        members = getattr(litellm, SETTINGS_ATTR, None)
        if not isinstance(members, list) or not members or not all(isinstance(m, str) for m in members):
            raise RuntimeError(f"litellm_settings.{SETTINGS_ATTR} must list the hooks (module.instance) and come before `callbacks` in the config")
        own = os.environ.get(CALLBACK_ENV)
        if not own:
            raise RuntimeError(f"{CALLBACK_ENV} is not set; it names this module (s3://…, gcs://… or ai_infra_hooks.hooks)")
        from litellm.proxy import proxy_server

        config_file_path = proxy_server.user_config_file_path
        self.members: list[Any] = []
        for m in members:
            instance = get_instance_fn(value=member_ref(own, m), config_file_path=config_file_path)
            if not isinstance(instance, CustomLogger):
                raise RuntimeError(f"litellm_settings.{SETTINGS_ATTR}: {m} is not a CustomLogger instance")
            extra = _unforwarded(instance)
            if extra:
                raise RuntimeError(f"litellm_settings.{SETTINGS_ATTR}: {m} overrides {', '.join(extra)}; only {', '.join(FORWARDED)} are forwarded")
            self.members.append(instance)
        print(f"ai-infra gateway hooks: {', '.join(members)}", flush=True)  # noqa: T201

    async def async_pre_call_hook(self, user_api_key_dict, cache, data: dict, call_type):  # noqa: ANN001
        for m in self.members:
            if "async_pre_call_hook" not in vars(type(m)):
                continue
            r = await m.async_pre_call_hook(user_api_key_dict=user_api_key_dict, cache=cache, data=data, call_type=call_type)
            if r is None:
                continue
            if not isinstance(r, dict):
                # A rejection (a message or an exception) ends the chain, as the proxy treats it.
                return r
            data = r
        return data

    async def async_post_call_response_headers_hook(self, data, user_api_key_dict, response, request_headers=None, litellm_call_info=None):
        merged: dict[str, str] = {}
        for m in self.members:
            if "async_post_call_response_headers_hook" not in vars(type(m)):
                continue
            r = await m.async_post_call_response_headers_hook(data=data, user_api_key_dict=user_api_key_dict, response=response, request_headers=request_headers)
            if r:
                merged.update(r)
        return merged or None


hooks = Hooks()
