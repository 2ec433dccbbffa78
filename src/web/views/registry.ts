/**
 * Every tab and panel of the lab, in page order. To add a panel: write views/<name>.ts exporting a
 * `Panel` (see panel.ts for the contract) and add it here; to add a tab, add a line to TABS and give its
 * panels that `tab`.
 */

import { controlsPanel } from "./controls.js";
import { lossPanel, ratePanel } from "./curves.js";
import { dataPanel } from "./data.js";
import { guessChartPanel } from "./guess-evaluations.js";
import { guessLandscapePanel } from "./guess-landscape.js";
import { guessingPanel } from "./guessing.js";
import { landscapePanel } from "./landscape.js";
import { modelCurvesPanel } from "./model-curves.js";
import { modelExportPanel } from "./model-export.js";
import { modelLandscapePanel } from "./model-landscape.js";
import { modelPickerPanel } from "./model-picker.js";
import { modelScenePanel } from "./model-scene.js";
import { modelVerdictPanel } from "./model-verdict.js";
import type { Panel, Tab } from "./panel.js";
import { racePanel } from "./race.js";
import { raceLandscapePanel, raceLossPanel } from "./race-charts.js";
import { raceSettingsPanel } from "./race-settings.js";
import { rangeTestPanel } from "./range-test.js";
import { scenePanel } from "./scene.js";
import { settingsPanel } from "./settings.js";
import { sharePanel } from "./share.js";
import { slicesPanel } from "./slices.js";
import { theoryPanel } from "./theory.js";

export const TABS: readonly Tab[] = [
  { id: "lesson", title: "Lesson" },
  { id: "race", title: "Race" },
  { id: "guessing", title: "Random guessing" },
  { id: "range-test", title: "Range test" },
  { id: "models", title: "Beyond the line" },
];

export const PANELS: readonly Panel[] = [
  dataPanel,
  settingsPanel,
  sharePanel,
  controlsPanel,
  scenePanel,
  slicesPanel,
  landscapePanel,
  theoryPanel,
  lossPanel,
  ratePanel,
  racePanel,
  raceLandscapePanel,
  raceLossPanel,
  raceSettingsPanel,
  guessingPanel,
  guessChartPanel,
  guessLandscapePanel,
  rangeTestPanel,
  // Beyond the line: the picker first (on a phone too), then what the model did and its script, its curve,
  // its run, and the landscape through its final weights.
  modelPickerPanel,
  modelVerdictPanel,
  modelExportPanel,
  modelScenePanel,
  modelCurvesPanel,
  modelLandscapePanel,
];
