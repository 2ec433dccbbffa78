/**
 * Keeps the worker's answers in step with the settings: when the data settings change it loads the data,
 * when the run settings change it runs again. At most one load and one run are in flight; while one is,
 * further changes only mark it stale, and the latest settings go out as soon as it answers. So dragging
 * the rate slider never queues up work, and what is drawn is never more than one answer behind.
 *
 * A data change is a transaction: if the worker refuses it (a bad CSV, a column that is not numeric), the
 * data settings go back to the last data that loaded and the error is shown; nothing else changes.
 */

import type { ExportVerdict } from "../core/export/export-plan.js";
import type { RangeTestResult } from "../core/index.js";
import { DATA_CATALOG } from "./catalog.js";
import { featuresOnData } from "./feature-columns.js";
import { defaultState, type LabState } from "./lab-state.js";
import { LongRequests, type TerminableWorker } from "./long-requests.js";
import { type ModelSettings, modelSettingsOf } from "./model-settings.js";
import {
  DATA_KEYS,
  type DataInfo,
  type DataSource,
  type ExportCodeFormat,
  type ExportCodeResult,
  type ExportResult,
  type ModelRunResult,
  presetOrBundledSource,
  type RangeTestRequestOptions,
  RUN_KEYS,
  type RunConfig,
  runConfigOf,
} from "./protocol.js";
import type { Store } from "./store.js";
import type { WorkerClient } from "./worker-client.js";

type DataFields = Pick<LabState, (typeof DATA_KEYS)[number]>;

export interface ControllerOptions {
  /** The file uploaded before a reload, kept by the page for this tab (see upload-memory.ts). */
  readonly restoredUpload?: File | null;
  /** Keeps an uploaded file for reloads of this tab. */
  readonly rememberUpload?: (file: File) => void;
  /**
   * Starts a worker for long requests (the range test; the models' runs get one of their own) that a newer
   * request may stop; see long-requests.ts.
   */
  readonly startLongWorker?: () => TerminableWorker;
}

/** The identity of the data a state asks for: equal keys, same points. */
export function dataKeyOf(state: LabState): string {
  const kind = DATA_CATALOG[state.data].kind;
  if (kind === "preset") return JSON.stringify([state.data, state.points, state.dataSeed]);
  if (kind === "bundled") return JSON.stringify([state.data, state.x, state.y]);
  return JSON.stringify([state.data, state.file, state.x, state.y]);
}

function dataFieldsOf(state: LabState): DataFields {
  const { data, points, dataSeed, x, y, file } = state;
  return { data, points, dataSeed, x, y, file };
}

export class LabController {
  readonly #store: Store;
  readonly #client: WorkerClient;
  readonly #rememberUpload: (file: File) => void;
  #upload: File | null;
  #loadedKey: string | null = null;
  #lastGood: DataFields | null = null;
  /**
   * A link's uploaded file that is not in this browser (another profile, or a shared link): its columns
   * and x columns wait, kept in the link, until that file is uploaded, when they apply; its notice says so.
   */
  #linkedUpload: { file: string; x: string; y: string; features: string; notice: string } | null = null;
  #dataVersion = 0;
  #loading = false;
  #loadAgain = false;
  #running = false;
  #runAgain = false;
  #idle: (() => void)[] = [];
  readonly #long: LongRequests | null;
  readonly #longModels: LongRequests | null;

  constructor(store: Store, client: WorkerClient, options: ControllerOptions = {}) {
    this.#store = store;
    this.#client = client;
    this.#upload = options.restoredUpload ?? null;
    this.#rememberUpload = options.rememberUpload ?? (() => {});
    this.#long = options.startLongWorker ? new LongRequests(options.startLongWorker) : null;
    this.#longModels = options.startLongWorker ? new LongRequests(options.startLongWorker) : null;
    store.subscribe((changed) => {
      if (DATA_KEYS.some((key) => changed.has(key))) void this.#syncData();
      else if (RUN_KEYS.some((key) => changed.has(key))) this.#requestRun();
    });
  }

  /** The worker client, for panels that ask for something else (e.g. a range test). */
  get client(): WorkerClient {
    return this.#client;
  }

  /** Loads the data the settings ask for, then runs. */
  start(): Promise<void> {
    void this.#syncData();
    return this.whenIdle();
  }

  /** Resolves once nothing is loading or running. */
  whenIdle(): Promise<void> {
    if (!this.#loading && !this.#running) return Promise.resolve();
    return new Promise((resolve) => this.#idle.push(resolve));
  }

  /**
   * Parses an uploaded CSV file in the worker. Only if it parses do the settings switch to it; otherwise
   * the data panel shows the core's error (with the line number) and everything stays as it was.
   */
  async uploadCsv(file: File): Promise<boolean> {
    this.#store.setSession({ loading: true, runPending: true });
    const linked = this.#linkedUpload?.file === file.name ? this.#linkedUpload : null;
    try {
      const source: DataSource = { kind: "csv", file, fileName: file.name, x: "", y: "" };
      // The file a link named: its columns, as the link has them (else the guess, as for any file).
      const { info } = linked
        ? await this.#client
            .request({ type: "load-data", source: { ...source, x: linked.x, y: linked.y } })
            .catch(() => this.#client.request({ type: "load-data", source }))
        : await this.#client.request({ type: "load-data", source });
      this.#upload = file;
      this.#rememberUpload(file);
      const fields: DataFields = {
        ...dataFieldsOf(this.#store.state),
        data: "csv",
        file: file.name,
        x: info.xName,
        y: info.yName,
      };
      this.#loadedKey = dataKeyOf({ ...this.#store.state, ...fields });
      this.#lastGood = fields;
      this.#dataVersion = info.version;
      this.#store.setSession({ dataInfo: info, dataError: null });
      if (this.#linkedUpload) {
        const { notice } = this.#linkedUpload;
        this.#linkedUpload = null;
        this.#store.setSession({ notices: this.#store.session.notices.filter((text) => text !== notice) });
      }
      this.#store.set({ ...fields, at: 0, ...(linked ? { features: linked.features } : {}) });
      this.#keepFeaturesOf(info);
      this.#requestRun();
      return true;
    } catch (error) {
      this.#store.setSession({ dataError: messageOf(error) });
      return false;
    } finally {
      this.#store.setSession({ loading: this.#loading, runPending: this.#loading || this.#running });
      this.#settle();
    }
  }

  /**
   * The LR range test on the data loaded and the current settings, on the worker for long requests (so
   * the lesson's worker stays free); a newer call supersedes one still running, which rejects with
   * {@link Superseded}. Without that worker (tests), on the lab's worker.
   */
  async rangeTest(options: RangeTestRequestOptions): Promise<RangeTestResult> {
    const config = runConfigOf(this.#store.state);
    const loaded = this.#lastGood ? { ...this.#store.state, ...this.#lastGood } : null;
    const source = loaded ? this.#sourceOf(loaded) : null;
    if (!this.#long || !source || this.#loadedKey === null) {
      const { result } = await this.#client.request({ type: "range-test", config, options });
      return result;
    }
    return this.#long.rangeTest({ source, key: this.#loadedKey }, config, options);
  }

  /**
   * A model beyond the line with the current settings, on a worker of its own (a network on many points
   * can take seconds): a newer call supersedes one still running, which rejects with {@link Superseded}.
   * Without that worker (tests), on the lab's worker.
   */
  async modelRun(model: ModelSettings = this.#modelSettings()): Promise<ModelRunResult> {
    const config = runConfigOf(this.#store.state);
    const loaded = this.#lastGood ? { ...this.#store.state, ...this.#lastGood } : null;
    const source = loaded ? this.#sourceOf(loaded) : null;
    if (!this.#longModels || !source || this.#loadedKey === null) {
      const { result } = await this.#client.request({ type: "model-run", config, model });
      return result;
    }
    const { result } = await this.#longModels.request(
      { source, key: this.#loadedKey },
      { type: "model-run", config, model },
    );
    return result;
  }

  /**
   * The model settings of the state, its x columns those of the data loaded: a link's columns waiting for
   * its file (see #linkedUpload) stay in the link but are not asked of the default data.
   */
  #modelSettings(): ModelSettings {
    const settings = modelSettingsOf(this.#store.state);
    const columns = this.#store.session.dataInfo?.columns;
    if (!this.#linkedUpload || !columns) return settings;
    return { ...settings, features: settings.features.filter((name) => columns.includes(name)) };
  }

  /** The current run as the CLI's JSON document or its history as CSV. */
  async exportRun(format: "json" | "csv"): Promise<ExportResult> {
    const { result } = await this.#client.request({
      type: "export",
      config: runConfigOf(this.#store.state),
      format,
    });
    return result;
  }

  /**
   * The run on screen (`config` of the lesson's line, or of `model` of "Beyond the line") as a TF.js or
   * Keras script, or with no format only whether it can be exported; `command` names where it came from.
   */
  async exportCode(
    config: RunConfig,
    model: ModelSettings | null,
    format: ExportCodeFormat | null,
    command: string,
    verdict: ExportVerdict | null = null,
  ): Promise<ExportCodeResult> {
    const { result } = await this.#client.request({
      type: "export-code",
      config,
      model,
      format,
      command,
      verdict,
    });
    return result;
  }

  /**
   * Drops from the model's extra x columns (linear, logistic, mlp) those the data just loaded lacks (picked on another
   * data set, or named in a link), and says so among the link's changed settings.
   */
  #keepFeaturesOf(info: DataInfo): void {
    // A link's x columns wait for its file (see #linkedUpload), while the default data is shown.
    if (this.#linkedUpload) return;
    const { text, notice } = featuresOnData(this.#store.state.features, info.columns, info.source, {
      x: info.xName,
      y: info.yName,
    });
    if (notice === null) return;
    this.#store.setSession({ notices: [...this.#store.session.notices, notice] });
    this.#store.set({ features: text });
  }

  #sourceOf(state: LabState): DataSource | null {
    const source = presetOrBundledSource(state);
    if (source) return source;
    if (!this.#upload || this.#upload.name !== state.file) return null;
    return { kind: "csv", file: this.#upload, fileName: state.file, x: state.x, y: state.y };
  }

  async #syncData(): Promise<void> {
    if (this.#loading) {
      this.#loadAgain = true;
      return;
    }
    const state = this.#store.state;
    const key = dataKeyOf(state);
    if (key === this.#loadedKey) return;
    this.#loading = true;
    this.#store.setSession({ loading: true, runPending: true });
    const firstLoad = this.#loadedKey === null;
    try {
      const source = this.#sourceOf(state);
      if (!source && firstLoad && state.data === "csv" && state.file) {
        // A link naming a file this browser has not got: say so, show the default data meanwhile, and
        // keep the link's columns for when the file is uploaded.
        const notice = `this link names ${state.file}, which is not in this browser: upload it (on the Lesson tab's Data) to see this run; until then the default data is shown`;
        this.#linkedUpload = { file: state.file, x: state.x, y: state.y, features: state.features, notice };
        this.#store.setSession({ notices: [...this.#store.session.notices, notice] });
        this.#store.set(dataFieldsOf(defaultState()));
        return;
      }
      if (!source) {
        throw new Error(
          `${state.file || "the CSV file"}: an uploaded file is not part of the link; upload it again`,
        );
      }
      const { info } = await this.#client.request({ type: "load-data", source });
      this.#loadedKey = key;
      this.#lastGood = dataFieldsOf(state);
      this.#dataVersion = info.version;
      this.#store.setSession({ dataInfo: info, dataError: null });
      if (!firstLoad) this.#store.set({ at: 0 });
      this.#keepFeaturesOf(info);
      this.#requestRun();
    } catch (error) {
      if (this.#lastGood) {
        // Back to the last data that loaded; the data panel says why.
        this.#store.setSession({ dataError: messageOf(error) });
        this.#store.set(this.#lastGood);
      } else {
        // A link to data that cannot load: the default data instead (the store tells us about that
        // change, so it loads in turn), and the reason among the link's ignored settings.
        this.#store.setSession({
          notices: [...this.#store.session.notices, `${messageOf(error)}; showing the default data`],
        });
        this.#store.set(dataFieldsOf(defaultState()));
      }
    } finally {
      this.#loading = false;
      this.#store.setSession({ loading: false, runPending: this.#running || this.#loadAgain });
      if (this.#loadAgain) {
        this.#loadAgain = false;
        void this.#syncData();
      }
      this.#settle();
    }
  }

  #requestRun(): void {
    if (this.#dataVersion === 0) return;
    if (this.#running) {
      this.#runAgain = true;
      return;
    }
    this.#running = true;
    this.#store.setSession({ runPending: true });
    this.#client
      .request({ type: "run", config: runConfigOf(this.#store.state) })
      .then(({ result }) => {
        if (result.dataVersion !== this.#dataVersion) {
          this.#runAgain = true;
          return;
        }
        this.#store.setSession({ run: result, runError: null });
        const last = result.history.length - 1;
        if (this.#store.state.at > last) this.#store.set({ at: last });
      })
      .catch((error: unknown) => {
        this.#store.setSession({ runError: messageOf(error) });
      })
      .finally(() => {
        this.#running = false;
        if (this.#runAgain) {
          this.#runAgain = false;
          this.#requestRun();
        }
        if (!this.#running) this.#store.setSession({ runPending: this.#loading });
        this.#settle();
      });
  }

  #settle(): void {
    if (this.#loading || this.#running) return;
    const waiting = this.#idle;
    this.#idle = [];
    for (const resolve of waiting) resolve();
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
