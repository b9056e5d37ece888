"""What the pinned LiteLLM does with the read-replica variables on its `litellm` command (the
image's entrypoint), read from the installed release itself. Prints one JSON object.

argv[1]: the read-replica URL as the kit renders it (components/gcp/database.ts `readReplicaUrl`).
"""

import inspect
import json
import os
import sys
import urllib.parse

os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")

from litellm.proxy import proxy_cli  # noqa: E402
from litellm.proxy import utils  # noqa: E402
from litellm.proxy.db.db_url_settings import translate_libpq_ssl_params  # noqa: E402

# `run_server` is a click command; its function is `callback`.
cli = inspect.getsource(proxy_cli.run_server.callback)
prisma_init = inspect.getsource(utils.PrismaClient.__init__)

# The writer's URL as the command assembles it from the parts, with a replica host set beside them.
for k in [k for k in os.environ if k.startswith("DATABASE_")]:
    del os.environ[k]
os.environ.update(
    {
        "DATABASE_HOST": "10.40.128.3",
        "DATABASE_USERNAME": "litellm",
        "DATABASE_PASSWORD": "pw",
        "DATABASE_NAME": "litellm",
        "DATABASE_HOST_READ_REPLICA": "10.41.128.9",
    }
)
writer = utils.construct_database_url_from_env_vars()

kit_url = translate_libpq_ssl_params(sys.argv[1])
parsed = urllib.parse.urlsplit(kit_url)

print(
    json.dumps(
        {
            "cliAssemblesWriterFromParts": "construct_database_url_from_env_vars()" in cli,
            "cliCallsApplyToEnv": ".apply_to_env(" in cli,
            "cliCallsBuildReaderUrl": "build_reader_url" in cli,
            "cliReadsHostReadReplica": "DATABASE_HOST_READ_REPLICA" in cli,
            "cliReadsUrlReadReplica": 'os.getenv("DATABASE_URL_READ_REPLICA")' in cli,
            "prismaRoutesOnUrlReadReplica": 'os.getenv("DATABASE_URL_READ_REPLICA")' in prisma_init,
            "prismaReadsHostReadReplica": "DATABASE_HOST_READ_REPLICA" in prisma_init,
            "writer": writer,
            "readerAfterWriter": os.environ.get("DATABASE_URL_READ_REPLICA"),
            "kitUrl": {
                "scheme": parsed.scheme,
                "host": parsed.hostname,
                "port": parsed.port,
                "user": parsed.username,
                "database": parsed.path,
                "query": urllib.parse.parse_qs(parsed.query),
            },
        }
    )
)
