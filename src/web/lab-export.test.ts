/**
 * The worker's "Copy as TF.js / Keras": built-in data written in, an upload read again by its file name,
 * logistic regression's median split written in as the labels it trained on (and refused on an upload,
 * whose y the script would read as they are), and the plan's refusals as answers with the core's reason.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, unlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { ExportVerdict } from "../core/export/export-plan.js";
import { root, scratchDirectory } from "../test-support/cli.js";
import { linkTensorflow, runNodeScript } from "../test-support/exported-script.js";
import { createLabHandler } from "./lab.js";
import { answer, csvLab, defaultRunConfig, lessonLab } from "./lab-fixture.js";
import { defaultState, type LabState } from "./lab-state.js";
import { type ModelSettings, modelSettingsOf } from "./model-settings.js";
import { runConfigOf } from "./protocol.js";

const settings = (changes: Partial<LabState>): ModelSettings =>
  modelSettingsOf({ ...defaultState(), ...changes } as LabState);

const CSV = "h,score\n1,52\n2,55\n4,65\n5,70\n6,73\n";

async function uploadLab() {
  const lab = createLabHandler();
  const source = { kind: "csv", file: new Blob([CSV]), fileName: "scores.csv", x: "h", y: "score" } as const;
  await answer(lab, { type: "load-data", id: 1, source });
  return lab;
}

describe("export-code in the worker", () => {
  it("writes the lesson's built-in data in, and only checks when no format is asked for", async () => {
    const { lab } = await lessonLab();
    const config = defaultRunConfig({ learningRate: 0.05, steps: 30 });
    const check = await answer(lab, {
      type: "export-code",
      id: 2,
      config,
      model: null,
      format: null,
      command: "c",
      verdict: null,
    });
    expect(check.result).toEqual({ script: null, refused: null });
    const { result } = await answer(lab, {
      type: "export-code",
      id: 3,
      config,
      model: null,
      format: "keras",
      command: "the web lab, http://x/?lr=0.05",
      verdict: null,
    });
    expect(result.refused).toBeNull();
    expect(result.script?.split("\n")[0]).toBe("# Exported by lrlab: the web lab, http://x/?lr=0.05");
    expect(result.script).toContain("written in.");
    expect(result.script).toContain("SGD, constant rate 0.05, full batch of 100, 30 updates");
  });

  it("reads an uploaded CSV again by its file name, next to the script wherever node is run from", async () => {
    const lab = await uploadLab();
    const config = defaultRunConfig({ learningRate: 0.01, steps: 10 });
    const { result } = await answer(lab, {
      type: "export-code",
      id: 2,
      config,
      model: null,
      format: "tfjs",
      command: "c",
      verdict: null,
    });
    expect(result.script).toContain('"scores.csv"');
    expect(result.script).not.toContain("written in.");
    // Saved in a folder beside the CSV, run from elsewhere (the scratch root): it finds the file.
    const root = scratchDirectory("lab-export");
    const folder = join(root, "saved");
    mkdirSync(folder);
    linkTensorflow(folder);
    writeFileSync(join(folder, "run.mjs"), result.script ?? "");
    writeFileSync(join(folder, "scores.csv"), CSV);
    const ran = runNodeScript(join(folder, "run.mjs"), root);
    expect(ran.status).toBe("completed");
    expect(ran.loss).toBeGreaterThan(0);
    // Without the file: one line naming it and what to do, exit 2, no stack trace.
    unlinkSync(join(folder, "scores.csv"));
    const missing = spawnSync(process.execPath, [join(folder, "run.mjs")], { cwd: root, encoding: "utf8" });
    expect(missing.status).toBe(2);
    expect(missing.stderr).toBe(
      "data file scores.csv not found next to this script: put it there or edit DATA_PATH\n",
    );
  });

  it("writes logistic regression's median labels in, and refuses them on an upload", async () => {
    const { lab } = await lessonLab();
    const model = settings({ model: "logistic" });
    const config = defaultRunConfig({ learningRate: 0.1, steps: 20 });
    const { result } = await answer(lab, {
      type: "export-code",
      id: 2,
      config,
      model,
      format: "tfjs",
      command: "c",
      verdict: null,
    });
    const y = /const y = \[([^\]]*)\]/.exec(result.script ?? "")?.[1] ?? "";
    const labels = y
      .split(",")
      .map((value) => value.trim())
      .filter((value) => value !== "")
      .map(Number);
    expect(labels).toHaveLength(100);
    expect(labels.every((label) => label === 0 || label === 1)).toBe(true);
    expect(labels.filter((label) => label === 1)).toHaveLength(50);
    // The script says what the labels are: y above its median, the threshold written out.
    expect(result.script).toMatch(
      /^\/\/ x columns: "x"; y: "y" turned into labels: 1 where it is above -?\d[\d.e+-]* \(its median\), else 0; the labels are written in$/m,
    );
    // Linear regression on the same data writes y as it is, with no such words.
    const linear = await answer(lab, {
      type: "export-code",
      id: 4,
      config,
      model: settings({ model: "linear" }),
      format: "keras",
      command: "c",
      verdict: null,
    });
    expect(linear.result.script).toMatch(/^# x columns: "x"; y: "y"$/m);

    const upload = await uploadLab();
    const refused = await answer(upload, {
      type: "export-code",
      id: 3,
      config,
      model,
      format: null,
      command: "c",
      verdict: null,
    });
    expect(refused.result.script).toBeNull();
    expect(refused.result.refused).toMatch(
      /^logistic regression here labels y above its median \(65\) as 1; the script reads scores\.csv again/,
    );
  });

  it("answers the plan's refusal with the core's one-line reason", async () => {
    const { lab } = await lessonLab();
    const config = defaultRunConfig({ schedule: "plateau" });
    const { result } = await answer(lab, {
      type: "export-code",
      id: 2,
      config,
      model: null,
      format: "tfjs",
      command: "c",
      verdict: null,
    });
    expect(result.script).toBeNull();
    expect(result.refused).toMatch(/^the "plateau" schedule cannot be exported yet: /);
    expect(result.refused).not.toContain("\n");
  });
  it("writes a network under BCE with its sigmoid output and lrlab's clipped binary cross-entropy", async () => {
    const lab = createLabHandler();
    const text = "a,label\n1,0\n2,0\n3,1\n4,1\n5,0\n6,1\n";
    const source = { kind: "csv", file: new Blob([text]), fileName: "pass.csv", x: "a", y: "label" } as const;
    await answer(lab, { type: "load-data", id: 1, source });
    const model = settings({ model: "mlp", hidden: [4], mlpLoss: "bce", x: "a", y: "label" });
    const { result } = await answer(lab, {
      type: "export-code",
      id: 2,
      config: defaultRunConfig({ learningRate: 0.1, steps: 10 }),
      model,
      format: "keras",
      command: "c",
      verdict: null,
    });
    expect(result.refused).toBeNull();
    expect(result.script).toContain('keras.layers.Dense(1, activation="sigmoid")');
    // Keras's own BinaryCrossentropy skips the clip on the TensorFlow backend (render/export/keras.ts).
    expect(result.script).toContain("class ClippedBinaryCrossentropy(keras.losses.Loss):");
    expect(result.script).toContain("loss=ClippedBinaryCrossentropy()");
  });

  it("says the run is at the edge of stability when the verdict on screen says so, and only then", async () => {
    const { lab } = await lessonLab();
    const model = settings({ model: "mlp", hidden: [4] });
    const ask = (edgeOfStability: boolean) =>
      answer(lab, {
        type: "export-code",
        id: 2,
        config: defaultRunConfig({ learningRate: 0.1, steps: 10 }),
        model,
        format: "tfjs",
        command: "c",
        verdict: { edgeOfStability, aboveBoundAtEnd: false, unstableUndiverged: null },
      });
    const edge = (await ask(true)).result.script ?? "";
    expect(edge).toContain(
      "// Note: this run is at the edge of stability, where float32 rounding grows: expect the loss to differ by more than 1e-4.",
    );
    const calm = (await ask(false)).result.script ?? "";
    expect(calm).not.toContain("edge of stability");
    expect(calm).toContain("expect the final loss to agree to about 1e-4");
  });
  it("warns of float32 on the tester's logistic run from the verdict the lab computed, as `lrlab export` does", async () => {
    // Web round 5 #1: logistic on logi.csv, x a and c, lr 5, 100 steps: the loss climbs 0.6931 → 3.5565 and
    // the run is not stopped; the copied script printed 6.304 under a promise of 1e-4.
    const text = readFileSync(join(root, "src/test-support/data/logi-tester12.csv"), "utf8");
    const { lab } = await csvLab(text, "logi.csv", { x: "a", y: "label" });
    const state = {
      ...defaultState(),
      model: "logistic",
      x: "a",
      y: "label",
      features: '["c"]',
      learningRate: 5,
      steps: 100,
    } as const;
    const config = runConfigOf(state);
    const model = modelSettingsOf(state);
    const run = (await answer(lab, { type: "model-run", id: 2, config, model })).result;
    expect([run.status, run.finalLoss]).toEqual(["completed", expect.closeTo(3.5565, 4)]);
    expect(run.verdict.unstableUndiverged).toBe("above-bound");
    const copy = (verdict: ExportVerdict) =>
      answer(lab, { type: "export-code", id: 3, config, model, format: "tfjs", command: "c", verdict });
    const warned = (await copy(run.verdict)).result.script ?? "";
    expect(warned).toContain(
      "// Note: this run's rate is above its stability bound and it was diverging, though its steps ran out before it was stopped: float32 rounding grows in an unstable run, so the loss may differ by far more than 1e-4.",
    );
    expect(warned).not.toContain("agree to about 1e-4");
    const calm = { edgeOfStability: false, aboveBoundAtEnd: false, unstableUndiverged: null };
    expect((await copy(calm)).result.script).toContain("expect the final loss to agree to about 1e-4");
  });

  it("judges the lesson's line itself, which comes without a verdict: past its exact bound it warns", async () => {
    const { lab } = await lessonLab();
    const copy = async (learningRate: number) =>
      (
        await answer(lab, {
          type: "export-code",
          id: 2,
          config: defaultRunConfig({ learningRate, steps: 20 }),
          model: null,
          format: "keras",
          command: "c",
          verdict: null,
        })
      ).result.script ?? "";
    // The lesson's data: 2/λmax = 0.3069, so 0.32 grows (15.78 → 391.5 in 20 steps) and 0.3 does not.
    expect(await copy(0.32)).toContain(
      "# Note: this run's rate is above its stability bound and it was diverging, though its steps ran out before it was stopped: rounding differences grow in an unstable run, so even in float64 the loss may part from lrlab's beyond its last digits.",
    );
    expect(await copy(0.3)).not.toContain("# Note:");
  });
});
