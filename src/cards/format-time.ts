/** `14:05 UTC`: Webex shows cards to people in many time zones and the bot knows none of them. */
export function formatTime(ms: number): string {
  return `${new Date(ms).toISOString().slice(11, 16)} UTC`;
}
