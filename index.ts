// The ai-infra Pulumi program (`pulumi up --stack <stage>-<cloud>-<region>`). It uses only the
// kit's public API, the same one another Pulumi program imports from the `ai-infra` package.
import { program } from "./components";

export = program();
