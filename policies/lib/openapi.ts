import { parse } from "yaml";
import { type ResourceView, arr, obj, str } from "./resources";

export interface OpenApiDoc {
  path: string;
  doc: Record<string, unknown>;
}

/** The OpenAPI documents of a `gcp:apigateway/apiConfig:ApiConfig` (base64 `contents`, YAML or JSON). */
export function openApiDocuments(r: ResourceView): OpenApiDoc[] {
  const out: OpenApiDoc[] = [];
  for (const d of arr(r.props.openapiDocuments)) {
    const document = obj(obj(d).document);
    const contents = str(document.contents);
    if (!contents) continue;
    try {
      const doc = obj(parse(Buffer.from(contents, "base64").toString("utf8")));
      out.push({ path: str(document.path) ?? "(document)", doc });
    } catch {
      out.push({ path: str(document.path) ?? "(document)", doc: {} });
    }
  }
  return out;
}

const methods = ["get", "put", "post", "delete", "options", "head", "patch"];

/** Every operation of the document as `METHOD /path` with its definition. */
export function operations(doc: Record<string, unknown>): { id: string; op: Record<string, unknown> }[] {
  const out: { id: string; op: Record<string, unknown> }[] = [];
  for (const [path, item] of Object.entries(obj(doc.paths))) {
    for (const m of methods) {
      const op = obj(item)[m];
      if (op && typeof op === "object") out.push({ id: `${m.toUpperCase()} ${path}`, op: obj(op) });
    }
  }
  return out;
}
