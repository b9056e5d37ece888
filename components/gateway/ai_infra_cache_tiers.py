"""Tiered response cache for the LiteLLM proxy: hot (in-process) -> Redis/Valkey -> object store.

The glue the pinned LiteLLM (components/gateway/versions.ts) lacks, and nothing more. LiteLLM
provides every tier's store: `InMemoryCache` (bounded entries, bounded size per entry),
`RedisCache` (built by the proxy itself from `cache_params`, with TLS, password and namespace),
and `S3Cache` (boto3; GCS through its S3-compatible XML API). What it does not provide:

- more than one response-cache backend: `Cache` holds one `type`
  (https://docs.litellm.ai/docs/proxy/caching). For `type: redis` it puts a process-wide
  `InMemoryCache()` in front (`LLMCachingHandler`, litellm/caching/caching_handler.py), but that
  memory copy is fixed at 200 entries and is written with the Redis TTL (`Cache` passes its `ttl`
  to both), and nothing can sit below Redis;
- a TTL per tier, and a lower-tier hit that fills the tiers above it with what is left of the
  entry's life (an entry never outlives its copy below);
- an answer that says which tier served it;
- a size bound that holds for cached answers: `InMemoryCache.check_value_size` measures a dict with
  `__sizeof__`, which leaves out the strings inside, so a cached answer (a dict holding the JSON
  text) always passes; the hot tier measures the serialized entry instead.

Loaded through LiteLLM's documented custom-callback mechanism
(https://docs.litellm.ai/docs/proxy/call_hooks): `litellm_settings.callbacks` names the kit's
hooks' loader (`ai_infra_hooks.py`), which loads `ai_infra_cache_tiers.installer` from beside
itself. The proxy applies `litellm_settings` in order: `cache`/`cache_params` first (LiteLLM builds
its Redis client), then `ai_infra_cache_tiers` (stored as `litellm.ai_infra_cache_tiers`), then
`callbacks` (this module is imported and swaps `litellm.cache.cache` for the tiered backend). The
renderer writes them in that order (components/gateway/cache-tiers.ts, hooks.ts).

A failing tier is skipped (logged), never fails a request: Redis down -> hot, then cold, answers.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import time
from typing import Any

import litellm
from litellm.caching.base_cache import BaseCache
from litellm.caching.in_memory_cache import InMemoryCache
from litellm.caching.s3_cache import S3Cache
from litellm.integrations.custom_logger import CustomLogger

log = logging.getLogger("ai_infra_cache_tiers")

TIER_HEADER = "x-ai-infra-cache-tier"
SETTINGS_ATTR = "ai_infra_cache_tiers"

# Where the lookup records the tier that answered ("hot", "redis", "cold" or "miss"): the request's
# `metadata` dict, the same object the lookup receives and the response-header hook reads (a
# contextvar set in the lookup is not seen by the hook: the lookup runs in a copied context).
METADATA_KEY = "ai_infra_cache_tier"


def _record(kwargs: dict, tier: str) -> None:
    metadata = kwargs.get("metadata")
    if isinstance(metadata, dict):
        metadata[METADATA_KEY] = tier


def _resolve(value: Any) -> Any:
    """`os.environ/NAME` markers, as the proxy resolves them in `cache_params`."""
    if isinstance(value, str) and value.startswith("os.environ/"):
        return os.environ.get(value[len("os.environ/") :])
    return value


class TieredCache(BaseCache):
    """Hot -> Redis -> cold; each tier optional except hot, each with its own TTL in seconds."""

    def __init__(
        self,
        hot: InMemoryCache,
        hot_ttl: float,
        redis: BaseCache | None,
        redis_ttl: float | None,
        cold: BaseCache | None,
        cold_ttl: float | None,
        hot_max_bytes: int,
    ) -> None:
        super().__init__()
        self.hot_max_bytes = hot_max_bytes
        self.tiers: list[tuple[str, BaseCache, float]] = [("hot", hot, hot_ttl)]
        if redis is not None and redis_ttl is not None:
            self.tiers.append(("redis", redis, redis_ttl))
        if cold is not None and cold_ttl is not None:
            self.tiers.append(("cold", cold, cold_ttl))

    @staticmethod
    def _age(value: Any) -> float:
        # `Cache` stores {"timestamp": <write time>, "response": ...}; the age bounds every copy.
        if isinstance(value, dict) and isinstance(value.get("timestamp"), (int, float)):
            return max(0.0, time.time() - value["timestamp"])
        return 0.0

    @staticmethod
    def _ttl(tier_ttl: float, kwargs: dict) -> float:
        # A caller's own `cache: {ttl: n}` can shorten a tier's TTL, never lengthen it.
        asked = kwargs.get("ttl")
        return min(tier_ttl, float(asked)) if isinstance(asked, (int, float)) and asked > 0 else tier_ttl

    async def async_get_cache(self, key, **kwargs):
        for i, (name, store, ttl) in enumerate(self.tiers):
            try:
                value = await store.async_get_cache(key)
            except Exception as e:  # a tier down is a miss in that tier, not a failed request
                log.warning("cache tier %s unavailable: %s", name, e)
                continue
            if value is None:
                continue
            # Every tier is written at once with the entry's timestamp, so what is left of its life
            # is the longest (lowest) tier's TTL minus its age. Memory and Redis expire entries
            # themselves; the object store keeps them until its lifecycle runs (whole days).
            left = self.tiers[-1][2] - self._age(value)
            if name == "cold" and left <= 0:
                continue
            await self._fill_above(i, key, value, left)
            _record(kwargs, name)
            return value
        _record(kwargs, "miss")
        return None

    def _fits(self, name: str, value: Any) -> bool:
        if name != "hot":
            return True
        try:
            return len(json.dumps(value, default=str).encode()) <= self.hot_max_bytes
        except Exception:
            return False

    async def _fill_above(self, index: int, key: str, value: Any, left: float) -> None:
        for name, store, ttl in self.tiers[:index]:
            if not self._fits(name, value):
                continue
            try:
                await store.async_set_cache(key, value, ttl=max(1, int(min(ttl, left))))
            except Exception as e:
                log.warning("cache tier %s fill failed: %s", name, e)

    async def async_set_cache(self, key, value, **kwargs):
        async def put(name: str, store: BaseCache, ttl: float) -> None:
            if not self._fits(name, value):
                return
            try:
                # The object store's expiry is the entry's timestamp plus the bucket's lifecycle, not
                # S3's `Expires` header (which GCS's XML API does not keep): no ttl passed there.
                if name == "cold":
                    # A caller's shorter `ttl` cannot be kept by the object store: such an entry stays above it.
                    if self._ttl(ttl, kwargs) < ttl:
                        return
                    await store.async_set_cache(key, value)
                else:
                    await store.async_set_cache(key, value, ttl=max(1, int(self._ttl(ttl, kwargs))))
            except Exception as e:
                log.warning("cache tier %s write failed: %s", name, e)

        await asyncio.gather(*(put(n, s, t) for n, s, t in self.tiers))

    async def async_set_cache_pipeline(self, cache_list, **kwargs):
        for key, value in cache_list:
            await self.async_set_cache(key, value, **kwargs)

    # The proxy is async; the sync paths (LiteLLM's sync SDK calls) use the hot tier and Redis only.
    def get_cache(self, key, **kwargs):
        for i, (name, store, ttl) in enumerate(self.tiers):
            if name == "cold":
                break
            try:
                value = store.get_cache(key)
            except Exception as e:
                log.warning("cache tier %s unavailable: %s", name, e)
                continue
            if value is not None:
                left = self.tiers[-1][2] - self._age(value)
                if i > 0 and self._fits("hot", value):
                    self.tiers[0][1].set_cache(key, value, ttl=max(1, int(min(self.tiers[0][2], left))))
                return value
        return None

    def set_cache(self, key, value, **kwargs):
        for name, store, ttl in self.tiers:
            if name == "cold" or not self._fits(name, value):
                continue
            try:
                store.set_cache(key, value, ttl=max(1, int(self._ttl(ttl, kwargs))))
            except Exception as e:
                log.warning("cache tier %s write failed: %s", name, e)

    async def disconnect(self):
        for _, store, _ in self.tiers[1:]:
            try:
                await store.disconnect()
            except Exception:
                pass


def build_from_settings(settings: dict, redis: BaseCache | None) -> TieredCache:
    hot = settings["hot"]
    hot_store = InMemoryCache(
        max_size_in_memory=int(hot["max_entries"]),
        default_ttl=int(hot["ttl"]),
        max_size_per_item=int(hot["max_entry_kb"]),
    )
    redis_ttl = settings.get("redis", {}).get("ttl")
    cold = settings.get("cold")
    cold_store = None
    if cold is not None:
        p = {k: _resolve(v) for k, v in cold.items()}
        missing = [k for k in ("bucket", "region") if not p.get(k)]
        if missing:
            raise ValueError(f"{SETTINGS_ATTR}.cold: {', '.join(missing)} resolved to nothing (set the variables the config names)")
        s3: dict[str, Any] = {"s3_bucket_name": p["bucket"], "s3_region_name": p["region"], "s3_path": p.get("path")}
        if p.get("endpoint"):
            s3["s3_endpoint_url"] = p["endpoint"]
        if p.get("access_key_id"):
            s3["s3_aws_access_key_id"] = p["access_key_id"]
            s3["s3_aws_secret_access_key"] = p.get("secret_access_key")
        cold_store = S3Cache(**s3)
    return TieredCache(
        hot=hot_store,
        hot_ttl=float(hot["ttl"]),
        redis=redis,
        redis_ttl=float(redis_ttl) if redis_ttl is not None else None,
        cold=cold_store,
        cold_ttl=float(cold["ttl"]) if cold is not None else None,
        hot_max_bytes=int(hot["max_entry_kb"]) * 1024,
    )


class TierInstaller(CustomLogger):
    """Swaps the proxy's response-cache backend for the tiered one and names the serving tier."""

    def __init__(self) -> None:
        super().__init__()
        settings = getattr(litellm, SETTINGS_ATTR, None)
        if not isinstance(settings, dict):
            raise RuntimeError(f"litellm_settings.{SETTINGS_ATTR} must come before `callbacks` in the config")
        if litellm.cache is None:
            raise RuntimeError("litellm_settings.cache must be on before the cache tiers are installed")
        current = litellm.cache.cache
        self.cache = build_from_settings(settings, current if settings.get("redis") else None)
        litellm.cache.cache = self.cache
        # Per-tier TTLs are the tiers' own; a `ttl` on `Cache` would be passed to every tier.
        litellm.cache.ttl = None
        # One line at start, so an operator sees the tiers the gateway runs with.
        print(f"ai-infra cache tiers: {', '.join(f'{n} ttl {int(t)}s' for n, _, t in self.cache.tiers)}", flush=True)  # noqa: T201

    async def async_post_call_response_headers_hook(self, data, user_api_key_dict, response, request_headers=None, litellm_call_info=None):
        metadata = data.get("metadata") if isinstance(data, dict) else None
        tier = metadata.get(METADATA_KEY) if isinstance(metadata, dict) else None
        return {TIER_HEADER: tier} if isinstance(tier, str) else None


installer = TierInstaller()
