/**
 * A secret value read from Pulumi config. It never prints: `toString`, `toJSON` and `inspect`
 * give `[secret]`, so a spec can be logged, diffed or serialised without leaking it. Components
 * hand `reveal()` straight to `pulumi.secret(...)`, which keeps it encrypted in state.
 */
export class Secret {
  readonly #value: string;

  constructor(
    value: string,
    /** Where it came from, e.g. `ai-infra:providerKeys.openai`. */
    readonly source: string,
  ) {
    this.#value = value;
  }

  reveal(): string {
    return this.#value;
  }

  toString(): string {
    return "[secret]";
  }

  toJSON(): string {
    return "[secret]";
  }

  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return `[secret ${this.source}]`;
  }
}
