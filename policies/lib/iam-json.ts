import { arr, obj, parseJsonish } from "./resources";

/** Whether an IAM policy document (JSON text or object) denies requests made without TLS. */
export function deniesInsecureTransport(policy: unknown): boolean {
  const doc = obj(parseJsonish(policy));
  return arr(doc.Statement).some((st) => {
    const s = obj(st);
    if (s.Effect !== "Deny") return false;
    const secure = obj(obj(s.Condition).Bool)["aws:SecureTransport"];
    return arr(secure).some((v) => v === false || v === "false");
  });
}
