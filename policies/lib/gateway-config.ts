import { parse } from "yaml";
import { type ResourceView, arr, obj, peek, str } from "./resources";

/**
 * The LiteLLM config the gateway runs. The adapters upload the rendered text as an object
 * (`aws:s3/bucketObjectv2:BucketObjectv2` / `gcp:storage/bucketObject:BucketObject`, `content`);
 * any resource whose `content` is YAML with a `model_list` is read, so a config carried another
 * way (a renamed resource, a second copy) is not missed.
 */
export interface GatewayModel {
  /** `model_name`: the group clients ask for. */
  group: string;
  /** `litellm_params.model`, e.g. `bedrock/eu.anthropic...`. */
  model: string;
  apiBase?: string;
  /** Region of a region-addressed provider (bedrock `aws_region_name`, vertex `vertex_location`). */
  region?: { cloud: "aws" | "gcp"; name: string };
  /** Anthropic's `inference_geo`. */
  inferenceGeo?: string;
  /** Bedrock's `model_id` (a provisioned model's ARN, or the kit's variable holding it). */
  modelId?: string;
}

// The same config text is judged by several policies, at preview and again at up: parse it once.
// The documents are only read, never changed, so sharing one is safe.
const parsed = new Map<string, { doc: unknown } | undefined>();

/** The YAML document of a config text, or undefined when it is not YAML. */
function parseConfig(content: string): { doc: unknown } | undefined {
  if (!parsed.has(content)) {
    let result: { doc: unknown } | undefined;
    try {
      result = { doc: parse(content) };
    } catch {
      result = undefined;
    }
    // A few configs per stack; bounded all the same, oldest first out.
    if (parsed.size >= 32) parsed.delete(parsed.keys().next().value!);
    parsed.set(content, result);
  }
  return parsed.get(content);
}

export function gatewayModels(r: ResourceView): GatewayModel[] | undefined {
  const content = str(peek(r.props, "content"));
  if (!content || !content.includes("model_list")) return undefined;
  const config = parseConfig(content);
  if (!config) return undefined;
  const doc = config.doc;
  const list = obj(doc).model_list;
  if (!Array.isArray(list)) return undefined;
  return list.map((entry) => {
    const e = obj(entry);
    const p = obj(e.litellm_params);
    const model = str(p.model) ?? "";
    const m: GatewayModel = { group: str(e.model_name) ?? "(unnamed)", model };
    const apiBase = str(p.api_base);
    if (apiBase) m.apiBase = apiBase;
    const geo = str(p.inference_geo);
    if (geo) m.inferenceGeo = geo;
    const modelId = str(p.model_id);
    if (modelId) m.modelId = modelId;
    const bedrock = str(p.aws_region_name);
    const vertex = str(p.vertex_location);
    if (model.startsWith("bedrock/") && bedrock) m.region = { cloud: "aws", name: bedrock };
    else if (model.startsWith("vertex_ai/") && vertex) m.region = { cloud: "gcp", name: vertex };
    return m;
  });
}

/**
 * `environment` of ECS container definitions (JSON text) or `envs` of Cloud Run containers, by
 * name. Every read goes through `peek`: at preview a variable whose value is another resource's
 * output is unknown, and one unknown value must not stop a stack policy from judging the rest.
 */
export function containerEnv(r: ResourceView): Record<string, string> {
  const env: Record<string, string> = {};
  const add = (list: unknown, valueKey: string) => {
    for (const kv of arr(list)) {
      const name = str(peek(obj(kv), "name"));
      const value = str(peek(obj(kv), valueKey));
      if (name && value) env[name] = value;
    }
  };
  if (r.type === "aws:ecs/taskDefinition:TaskDefinition") {
    // Read directly: at preview the JSON is unknown when it holds another resource's output, and
    // the analyzer's proxy then reports the policy as not checkable instead of it passing on no env.
    const raw = r.props.containerDefinitions;
    let defs: unknown = raw;
    if (typeof raw === "string") {
      try {
        defs = JSON.parse(raw);
      } catch {
        defs = [];
      }
    }
    for (const c of arr(defs)) add(peek(obj(c), "environment"), "value");
  }
  if (r.type === "gcp:cloudrunv2/service:Service" || r.type === "gcp:cloudrunv2/job:Job") {
    const template = obj(peek(r.props, "template"));
    const containers = r.type === "gcp:cloudrunv2/job:Job" ? peek(obj(peek(template, "template")), "containers") : peek(template, "containers");
    for (const c of arr(containers)) add(peek(obj(c), "envs"), "value");
  }
  return env;
}

/** The S3 key prefix LiteLLM writes request logs under (`s3_callback_params.s3_path`), if a config names one. */
export function s3LogPath(r: ResourceView): string | undefined {
  const content = str(peek(r.props, "content"));
  if (!content || !content.includes("model_list")) return undefined;
  const config = parseConfig(content);
  return config ? str(obj(obj(obj(config.doc).litellm_settings).s3_callback_params).s3_path) : undefined;
}
