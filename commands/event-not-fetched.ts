/**
 * What the space hears when Webex would not give the bot an event's details (the framework's
 * fetch failed after every retry): nothing was done, and the person should try again.
 */
export const EVENT_NOT_FETCHED = {
  attachmentActions:
    "Webex would not give me the details of that button press just now, so I did nothing. Please press it again.",
  messages: "Webex would not give me your message just now, so I did nothing. Please send it again.",
} as const;
