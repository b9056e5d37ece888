// Writing the promoted stage into a stack file's text (planner/promote.ts setStageInYaml), in
// process: `npm run promote -- --write` (test/planner/promote.test.ts) calls it in a child process.
import { describe, expect, it } from "vitest";
import { parseDocument } from "yaml";
import { promoteStack, setStageInYaml, withStage } from "../../planner/promote";

describe("--write edits only the stage value", () => {
  // Flow lists, comments, odd spacing, anchors and key order: everything but the stage stays byte for byte.
  const head = `# Budget alerts at three thresholds.
encryptionsalt:   v1:abc=
config:
    aws:region: us-east-1   # region
    ai-infra:cloud:    aws
    ai-infra:budget:
        monthlyUsd: 500
        actualThresholds: [50, 80, 100]
        forecastThresholds: [ 100 ]
    ai-infra:tags: &tags {owner: platform-team,costCenter: cc-1001}
`;
  const tail = `    ai-infra:regions: [us-east-1]

    # trailing note
`;

  it("plain, double- and single-quoted stage values keep their style", () => {
    expect(setStageInYaml(`${head}    ai-infra:stage:   prototype    # the stage\n${tail}`, "growth")).toBe(`${head}    ai-infra:stage:   growth    # the stage\n${tail}`);
    expect(setStageInYaml(`${head}    ai-infra:stage: "prototype"\n${tail}`, "growth")).toBe(`${head}    ai-infra:stage: "growth"\n${tail}`);
    expect(setStageInYaml(`${head}    stage: 'prototype' # short key\n${tail}`, "scale")).toBe(`${head}    stage: 'scale' # short key\n${tail}`);
  });

  it("a file without a stage gets one line at the end of config, at config's indentation", () => {
    expect(setStageInYaml(`${head}${tail}`, "growth")).toBe(`${head}    ai-infra:regions: [us-east-1]\n    ai-infra:stage: growth\n\n    # trailing note\n`);
  });

  it("the written file reads back with the new stage and everything else unchanged", () => {
    const before = parseDocument(`${head}    ai-infra:stage: prototype\n${tail}`).toJS();
    const after = parseDocument(setStageInYaml(`${head}    ai-infra:stage: prototype\n${tail}`, "growth")).toJS();
    expect(after).toEqual({ ...before, config: { ...before.config, "ai-infra:stage": "growth" } });
  });
});

describe("--write: the stage value's style and place", () => {
  it("a single-quoted value doubles a quote in the new stage", () => {
    expect(setStageInYaml("config:\n  ai-infra:stage: 'prototype'\n", "it's")).toBe("config:\n  ai-infra:stage: 'it''s'\n");
  });

  it("a plain value stays plain only when the new stage reads back as the same string", () => {
    expect(setStageInYaml("config:\n  ai-infra:stage: prototype\n", "growth-2.b_c")).toBe("config:\n  ai-infra:stage: growth-2.b_c\n");
    // a YAML boolean, a number, a leading dash, a space, a colon: double-quoted
    for (const [stage, written] of [
      ["true", '"true"'],
      ["1.0", '"1.0"'],
      ["-growth", '"-growth"'],
      ["growth x", '"growth x"'],
      ["a:b", '"a:b"'],
    ]) {
      expect(setStageInYaml("config:\n  ai-infra:stage: prototype\n", stage!), stage).toBe(`config:\n  ai-infra:stage: ${written}\n`);
    }
  });

  it("an alias as the stage value is replaced by the plain value", () => {
    expect(setStageInYaml("config:\n  ai-infra:note: &st prototype\n  ai-infra:stage: *st\n", "growth")).toBe("config:\n  ai-infra:note: &st prototype\n  ai-infra:stage: growth\n");
  });

  it("a file without a stage and without a final newline gets the line after its last setting", () => {
    expect(setStageInYaml("config:\n  ai-infra:cloud: aws", "growth")).toBe("config:\n  ai-infra:cloud: aws\n  ai-infra:stage: growth\n");
  });

  it("a file without a stage: the line goes after the last setting's line, before what follows config", () => {
    expect(setStageInYaml("config:\n  ai-infra:cloud: aws # the cloud\nencryptionsalt: v1:abc=\n", "growth")).toBe(
      "config:\n  ai-infra:cloud: aws # the cloud\n  ai-infra:stage: growth\nencryptionsalt: v1:abc=\n",
    );
    expect(setStageInYaml("config:\n  ai-infra:regions:\n    - us-east-1\n    - us-east-2\n", "growth")).toBe("config:\n  ai-infra:regions:\n    - us-east-1\n    - us-east-2\n  ai-infra:stage: growth\n");
  });

  it.each([
    ["a block scalar", "config:\n  aws:region: us-east-1\n  ai-infra:stage: |\n    prototype\n"],
    ["an empty value", "config:\n  aws:region: us-east-1\n  ai-infra:stage:\n"],
    ["a flow-style config", "config: {aws:region: us-east-1, ai-infra:stage: prototype}\n"],
  ])("%s goes through the YAML document: the stage changes, nothing else", (_what, text) => {
    const out = setStageInYaml(text, "growth");
    expect(parseDocument(out).toJS()).toEqual({ config: { "aws:region": "us-east-1", "ai-infra:stage": "growth" } });
  });

  it("an unnamespaced stage key written through the YAML document keeps its key", () => {
    expect(parseDocument(setStageInYaml("config: {stage: prototype}\n", "scale")).toJS()).toEqual({ config: { stage: "scale" } });
  });
});

describe("withStage", () => {
  it("changes the stage and keeps everything else", () => {
    const file = { stack: "s", path: "p", config: { "ai-infra:stage": "prototype", "aws:region": "us-east-1" } };
    expect(withStage(file as never, "growth")).toEqual({ stack: "s", path: "p", config: { "ai-infra:stage": "growth", "aws:region": "us-east-1" } });
    expect(file.config["ai-infra:stage"]).toBe("prototype");
  });
});

describe("promoteStack: a target stage it refuses before planning", () => {
  const file = (stage: unknown) => ({ stack: "s", path: "p", config: { "ai-infra:stage": stage, "ai-infra:cloud": "aws" } }) as never;
  const empty = { added: [], changed: [], replaced: [], deleted: [], stateful: [], policy: { violations: [] } };

  it("not a stage: exit 1, naming the stages", async () => {
    expect(await promoteStack(file("prototype"), "beta")).toEqual({
      result: { stack: "s", from: "prototype", to: "beta", ...empty, errors: [{ path: "--to", message: "must be one of prototype, growth, scale, enterprise" }] },
      exitCode: 1,
    });
  });

  it("the same or an earlier stage: exit 1, promotion only goes up", async () => {
    for (const to of ["growth", "prototype"]) {
      expect(await promoteStack(file("growth"), to)).toEqual({
        result: { stack: "s", from: "growth", to, ...empty, errors: [{ path: "--to", message: "must be a later stage than growth (prototype → growth → scale → enterprise); promotion only goes up" }] },
        exitCode: 1,
      });
    }
  });
});
