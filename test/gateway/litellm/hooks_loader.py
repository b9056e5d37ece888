"""Loads the kit's hooks' loader (components/gateway/ai_infra_hooks.py) in the pinned LiteLLM, no
server: argv[1] is the loader's file, argv[2] a folder standing for the config's, holding the
member modules; argv[3:] the members to list. Prints JSON: the members' classes, or the error."""

import importlib.util
import json
import os
import sys

import litellm
from litellm.proxy import proxy_server

loader_file, config_dir, *members = sys.argv[1:]
litellm.ai_infra_hooks = members
os.environ["AI_INFRA_HOOKS_CALLBACK"] = "ai_infra_hooks.hooks"
proxy_server.user_config_file_path = os.path.join(config_dir, "config.yaml")
try:
    spec = importlib.util.spec_from_file_location("ai_infra_hooks", loader_file)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    print(json.dumps({"members": [type(m).__name__ for m in module.hooks.members], "remote": module.member_ref("s3://b/config/ai_infra_hooks.hooks", "ai_infra_prompts.handler")}))
except Exception as e:  # the message is what the operator sees at start
    print(json.dumps({"error": str(e)}))
