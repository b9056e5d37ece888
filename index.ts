// The ai-infra Pulumi program (`pulumi up --stack <stage>-<cloud>-<region>`). It uses only the
// kit's public API, the same one another Pulumi program imports from the `ai-infra` package.
// Exported as the function itself: the Node.js runtime calls an exported function and uses its
// result as the stack outputs, and the engine tests (test/engine/) run this very function as an
// Automation API inline program.
import { program } from "./components";

export = program;
