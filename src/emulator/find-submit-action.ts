type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function list(value: unknown): Json[] {
  return Array.isArray(value) ? value.filter(isObject) : [];
}

/** What pressing an Action.Submit sends, before the user's own typing is applied. */
export type SubmitAction = {
  title: string;
  /** The action's `data` when it is an object (a string `data` contributes nothing). */
  data: Json;
  /** Card inputs (`Input.*` id → default value, as strings the way Adaptive Cards submit them). */
  inputs: Record<string, string>;
  /** Ids of inputs marked `isRequired`: the client refuses to submit while one is empty. */
  required: string[];
  /** `associatedInputs: "none"` submits no input values. */
  associatedInputs: "auto" | "none";
};

function defaultValue(input: Json): string {
  if (input.type === "Input.Toggle") return String(input.value ?? input.valueOff ?? "false");
  return input.value === undefined ? "" : String(input.value);
}

/**
 * Finds the Action.Submit a user would press on an Adaptive Card: by title, or by index in
 * document order (body first, ActionSets included, then the card's actions, each Action.ShowCard's
 * card searched where it appears). Inputs are gathered from the whole card — Adaptive Cards take
 * them from the action's card and its parents, the same set for the flat cards bots send.
 */
export function findSubmitAction(card: Json, button: string | number): SubmitAction {
  const submits: Json[] = [];
  const inputs: Json[] = [];

  function walkActions(actions: unknown): void {
    for (const action of list(actions)) {
      if (action.type === "Action.Submit") submits.push(action);
      if (action.type === "Action.ShowCard" && isObject(action.card)) walkCard(action.card);
    }
  }

  function walkElements(elements: unknown): void {
    for (const element of list(elements)) {
      const type = typeof element.type === "string" ? element.type : "";
      if (type.startsWith("Input.") && typeof element.id === "string") inputs.push(element);
      if (type === "ActionSet") walkActions(element.actions);
      walkElements(element.items);
      walkElements(element.columns);
      if (isObject(element.selectAction)) walkActions([element.selectAction]);
    }
  }

  function walkCard(c: Json): void {
    walkElements(c.body);
    walkActions(c.actions);
  }

  walkCard(card);
  const titles = submits.map((s) => String(s.title ?? ""));
  const index =
    typeof button === "number"
      ? button
      : titles.indexOf(button) >= 0
        ? titles.indexOf(button)
        : titles.findIndex((t) => t.toLowerCase() === button.toLowerCase());
  const action = submits[index];
  if (!action) {
    throw new Error(
      `No Action.Submit ${JSON.stringify(button)} on the card; it has: ${titles.map((t) => JSON.stringify(t)).join(", ") || "none"}`,
    );
  }
  return {
    title: String(action.title ?? ""),
    data: isObject(action.data) ? structuredClone(action.data) : {},
    inputs: Object.fromEntries(inputs.map((input) => [String(input.id), defaultValue(input)])),
    required: inputs.filter((input) => input.isRequired === true).map((input) => String(input.id)),
    associatedInputs: action.associatedInputs === "none" ? "none" : "auto",
  };
}
