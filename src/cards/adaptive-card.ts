/** The Adaptive Card version Webex documents (Buttons and Cards guide); 1.4+ features are not supported. */
export const CARD_VERSION = "1.3";

export type CardElement = Record<string, unknown>;

export function adaptiveCard(body: CardElement[], actions: CardElement[]): Record<string, unknown> {
  return {
    $schema: "http://adaptivecards.io/schemas/adaptive-card.json",
    type: "AdaptiveCard",
    version: CARD_VERSION,
    body,
    actions,
  };
}

/** The only key the bot reads from a submitted card: a signed token (see confirm/card-token.ts). */
export const TOKEN_INPUT = "parkBotToken";

export function submitAction(title: string, token: string, style?: "positive" | "destructive"): CardElement {
  return { type: "Action.Submit", title, data: { [TOKEN_INPUT]: token }, ...(style ? { style } : {}) };
}
