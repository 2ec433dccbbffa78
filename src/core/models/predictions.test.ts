import { describe, expect, it } from "vitest";
import { builtinData } from "../data/data.js";
import { glorotUniform } from "./glorot.js";
import { prepareModel } from "./model-spec.js";
import { predictOn } from "./predictions.js";

describe("predictOn", () => {
  const data = builtinData();

  it("sends new inputs through the training data's standardization and powers: on the data's own x it predicts what the model does", () => {
    for (const spec of [
      { name: "polynomial" as const, degree: 3, standardize: true },
      { name: "mlp" as const, hidden: [5], standardize: true },
      { name: "linear" as const },
    ]) {
      const prepared = prepareModel(spec, [data.x], data.y, { loss: "mse", columnNames: ["x"] });
      const params = glorotUniform(prepared.model, 3).map((value, k) => value + 0.1 * k);
      const predicted = predictOn(prepared, params, [data.x]);
      for (const r of [0, 17, 99]) {
        expect(predicted[r]).toBeCloseTo(prepared.model.predict(params, prepared.data, r), 12);
      }
    }
  });

  it("is w·x + b for the line at any x, also off the data", () => {
    const prepared = prepareModel({ name: "line" }, [data.x], data.y, { loss: "mse", columnNames: ["x"] });
    // Dense(1): kernel [[2]], bias [−1]: y = 2x − 1.
    expect(Array.from(predictOn(prepared, Float64Array.of(2, -1), [Float64Array.of(-10, 0, 3.5)]))).toEqual([
      -21, -1, 6,
    ]);
  });

  it("refuses columns that do not make the model's features", () => {
    const prepared = prepareModel({ name: "line" }, [data.x], data.y, { loss: "mse", columnNames: ["x"] });
    expect(() => predictOn(prepared, Float64Array.of(1, 0), [data.x, data.x])).toThrow(
      "predictions: 2 input column(s) make 2 features; the model takes 1",
    );
  });
});
