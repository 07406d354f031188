/**
 * What the space hears when an event arrives while the shared state store (Redis) is out of reach:
 * without it nothing can be claimed once, so nothing is done, and the person should know.
 */
export const STATE_STORE_UNREACHABLE =
  "I can't reach my state store, nothing was done. Please try again in a minute; if this keeps happening, tell whoever runs me.";
