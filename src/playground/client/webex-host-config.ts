// Browser module: the Adaptive Cards host config, close to how the Webex app draws cards (system
// font, quiet greys, 8px rhythm, buttons in a row under the body).

const fontFamily = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif';

const colors = (text: string, subtle: string) => ({
  default: { default: text, subtle },
  dark: { default: "#1E1F20", subtle: "#545658" },
  light: { default: "#FFFFFF", subtle: "#EDEDED" },
  accent: { default: "#0A6BD6", subtle: "#2E86E6" },
  good: { default: "#1D805F", subtle: "#2D9C78" },
  warning: { default: "#B25B00", subtle: "#C7700F" },
  attention: { default: "#C4281C", subtle: "#D9473C" },
});

export const webexHostConfig = {
  supportsInteractivity: true,
  fontFamily,
  fontTypes: {
    default: {
      fontFamily,
      fontSizes: { small: 12, default: 14, medium: 16, large: 20, extraLarge: 24 },
      fontWeights: { lighter: 300, default: 400, bolder: 600 },
    },
    monospace: {
      fontFamily: 'ui-monospace, "SF Mono", Menlo, Consolas, monospace',
      fontSizes: { small: 12, default: 13, medium: 15, large: 18, extraLarge: 22 },
      fontWeights: { lighter: 300, default: 400, bolder: 600 },
    },
  },
  spacing: { small: 4, default: 8, medium: 16, large: 20, extraLarge: 28, padding: 16 },
  separator: { lineThickness: 1, lineColor: "#E2E2E2" },
  containerStyles: {
    default: { backgroundColor: "#FFFFFF", foregroundColors: colors("#1E1F20", "#6A6B6C") },
    emphasis: { backgroundColor: "#F4F5F6", foregroundColors: colors("#1E1F20", "#6A6B6C") },
  },
  actions: {
    maxActions: 5,
    spacing: "medium",
    buttonSpacing: 8,
    showCard: { actionMode: "inline", inlineTopMargin: 12 },
    actionsOrientation: "horizontal",
    actionAlignment: "left",
  },
  factSet: {
    title: {
      color: "default",
      size: "default",
      isSubtle: true,
      weight: "default",
      wrap: true,
      maxWidth: 140,
    },
    value: { color: "default", size: "default", isSubtle: false, weight: "default", wrap: true },
    spacing: 12,
  },
};
