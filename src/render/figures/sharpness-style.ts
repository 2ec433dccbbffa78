/**
 * What the sharpness figure's parts share: its colours, margins and panel heights. The measured λmax is
 * blue; the bound 2/η takes the rate's colour (reddish purple, as the rate in the history figure); the
 * optimizer's own bound is orange, the exact theory green (the lesson's colour for the exact answer).
 */
import { OKABE_ITO, THEME } from "../theme.js";

export const SHARPNESS_HEIGHT = 330;
export const LOSS_HEIGHT = 190;
export const SHARPNESS_MARGIN = { top: 26, bottom: 40, left: 62 } as const;

export const SHARPNESS_COLORS = {
  measured: OKABE_ITO.blue,
  plain: OKABE_ITO.reddishPurple,
  optimizer: OKABE_ITO.orange,
  exact: THEME.ideal,
  loss: THEME.ink,
  edge: "#ead9a6",
} as const;
