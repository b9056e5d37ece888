"""
The kit's prompt-template glue for the LiteLLM proxy, loaded as a custom callback
(`ai_infra_prompts.handler`) by the kit's hooks' loader (components/gateway/ai_infra_hooks.py;
https://docs.litellm.ai/docs/proxy/call_hooks).

LiteLLM provides the templates themselves: the config's `prompts:` section registers each
template variant with the `dotprompt` integration (content inlined, version number), and LiteLLM
renders it (`{{variable}}`, input schema). What it lacks, and this module adds:

- weighted variants of one template: the caller names the template (`prompt_id`), this hook picks
  the variant by its weight and has LiteLLM's own registry render it;
- a cache key of template id + version + variant + a digest of the variables (and the request's
  sampling parameters, as LiteLLM keys them), so the caller's own wording around the template
  does not change the key;
- the template, variant, version and variables digest in every request log line
  (`metadata.spend_logs_metadata`, which LiteLLM's request log carries).
"""

import hashlib
import json
import threading
from typing import Any

from fastapi import HTTPException
from litellm.integrations.custom_logger import CustomLogger

# The keys the kit adds to each prompt's `litellm_params` (LiteLLM keeps extra keys there).
TEMPLATE = "ai_infra_template"
VARIANT = "ai_infra_variant"
WEIGHT = "ai_infra_weight"
VARIABLES = "ai_infra_variables"


def variables_digest(variables: dict[str, Any]) -> str:
    # Canonical JSON (sorted keys, no spaces): the same variables give the same digest whatever
    # order the caller sent them in.
    canonical = json.dumps(variables, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _bad_request(message: str) -> HTTPException:
    return HTTPException(status_code=400, detail={"error": message})


class PromptTemplates(CustomLogger):
    def __init__(self) -> None:
        super().__init__()
        # Smooth weighted round robin per template (the nginx algorithm): every cycle of
        # sum(weights) requests gives each variant exactly its share, in an interleaved order, so a
        # short A/B run is not skewed by chance and its counts are known in advance.
        self._current: dict[str, dict[str, float]] = {}
        self._lock = threading.Lock()

    def _variants(self, template: str) -> list[Any]:
        from litellm.proxy.prompts.prompt_registry import IN_MEMORY_PROMPT_REGISTRY

        specs = [s for s in IN_MEMORY_PROMPT_REGISTRY.IN_MEMORY_PROMPTS.values() if getattr(s.litellm_params, TEMPLATE, None) == template]
        return specs

    def _templates(self) -> list[str]:
        from litellm.proxy.prompts.prompt_registry import IN_MEMORY_PROMPT_REGISTRY

        names = {getattr(s.litellm_params, TEMPLATE, None) for s in IN_MEMORY_PROMPT_REGISTRY.IN_MEMORY_PROMPTS.values()}
        return sorted(n for n in names if n)

    def pick(self, template: str, specs: list[Any]) -> Any:
        by_name = {getattr(s.litellm_params, VARIANT): s for s in specs}
        weights = {name: float(getattr(s.litellm_params, WEIGHT)) for name, s in by_name.items()}
        total = sum(weights.values())
        with self._lock:
            current = self._current.setdefault(template, {name: 0.0 for name in weights})
            for name, w in weights.items():
                current[name] = current.get(name, 0.0) + w
            # Ties go to the variant listed first (the control), as the spec lists them.
            chosen = max(weights, key=lambda n: (current[n], -list(weights).index(n)))
            current[chosen] -= total
        return by_name[chosen]

    async def async_pre_call_hook(self, user_api_key_dict, cache, data: dict, call_type):  # noqa: ANN001
        template = data.get("prompt_id")
        if not template or call_type not in ("completion", "acompletion"):
            return data
        specs = self._variants(template)
        if not specs:
            # LiteLLM resolves prompt ids it holds itself before this hook; one left here is unknown.
            raise _bad_request(f"prompt_id '{template}' is not a template of this gateway; allowed: {', '.join(self._templates())}")
        variables = data.get("prompt_variables") or {}
        if not isinstance(variables, dict):
            raise _bad_request(f"prompt_variables must be an object of variable names to values (template '{template}')")
        allowed = list(getattr(specs[0].litellm_params, VARIABLES, []) or [])
        unknown = sorted(k for k in variables if k not in allowed)
        if unknown:
            raise _bad_request(f"prompt_variables: unknown variable(s) {', '.join(unknown)} for template '{template}'; allowed: {', '.join(allowed)}")
        if data.get("prompt_version") is not None:
            # One version is served per template (the stack's spec); a caller cannot pin another.
            raise _bad_request(f"prompt_version is set by the gateway's spec for template '{template}'; send prompt_id and prompt_variables only")

        spec = self.pick(template, specs)
        from litellm.proxy.prompts.prompt_registry import IN_MEMORY_PROMPT_REGISTRY
        from litellm.utils import get_non_default_completion_params

        manager = IN_MEMORY_PROMPT_REGISTRY.get_prompt_callback_for_prompt(prompt=spec)
        logging_obj = data.get("litellm_logging_obj")
        if manager is None or logging_obj is None:
            raise _bad_request(f"template '{template}' is not loaded in this gateway")
        caller_messages = data.get("messages") or []
        # LiteLLM's own rendering (dotprompt), as its proxy does for a prompt id it resolves.
        model, messages, optional_params = await logging_obj.async_get_chat_completion_prompt(
            model=data.get("model", ""),
            messages=caller_messages,
            non_default_params=get_non_default_completion_params(kwargs=data) or {},
            prompt_id=spec.litellm_params.prompt_id or spec.prompt_id,
            prompt_spec=spec,
            prompt_management_logger=manager,
            prompt_variables=variables,
        )
        if len(messages) == len(caller_messages):
            # Nothing rendered: answering the caller's words alone would be a wrong answer.
            raise HTTPException(status_code=500, detail={"error": f"template '{template}' variant '{spec.litellm_params.ai_infra_variant}' rendered no message"})
        data.update(optional_params)
        data["model"] = model
        data["messages"] = messages
        for key in ("prompt_id", "prompt_variables", "prompt_version", "prompt_label"):
            data.pop(key, None)

        variant = getattr(spec.litellm_params, VARIANT)
        version = spec.version
        digest = variables_digest(variables)
        import litellm

        if litellm.cache is not None:
            # LiteLLM's own key derivation (its parameter list, the stack's namespace) over the
            # request with the messages replaced by the template's identity: sampling parameters
            # (model group, temperature, max_tokens, tools...) still count, the caller's wording
            # around the template does not. A preset `cache_key` is read by LiteLLM's cache as is.
            keyed = {k: v for k, v in data.items() if k not in ("messages", "litellm_logging_obj", "litellm_params")}
            keyed["messages"] = [{"role": "system", "content": f"ai-infra prompt template={template} version={version} variant={variant} variables={digest}"}]
            data["cache_key"] = litellm.cache.get_cache_key(**keyed)

        metadata = data.setdefault("metadata", {})
        spend_meta = dict(metadata.get("spend_logs_metadata") or {})
        spend_meta.update({"prompt_template": template, "prompt_variant": variant, "prompt_version": version, "prompt_variables_digest": digest})
        metadata["spend_logs_metadata"] = spend_meta
        return data


handler = PromptTemplates()
