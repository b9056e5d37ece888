import { PolicyPack } from "@pulumi/policy";
import { initialConfigFromStack } from "../stack-config";
import { residencyPack } from "./pack";

// The only place this pack's analyzer server starts: `new PolicyPack` serves the Analyzer gRPC
// service and prints its port for the engine, and a process may serve one pack only.
new PolicyPack(
  residencyPack.name,
  { description: residencyPack.description, enforcementLevel: "advisory", policies: [...residencyPack.policies] },
  initialConfigFromStack("residency"),
);
