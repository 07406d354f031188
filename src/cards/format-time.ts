const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"] as const;

/**
 * `14:05 UTC` when `ms` falls on the same UTC day as `now`, `Dec 3, 14:05 UTC` on another day, and
 * `Dec 3, 2025, 14:05 UTC` in another year. UTC, and said so, because Webex shows cards to people
 * in many time zones and the bot knows none of them. `now` is the injected clock's time (ms); when
 * omitted only the time is shown, as before the date was added.
 */
export function formatTime(ms: number, now?: number): string {
  const at = new Date(ms);
  const time = `${at.toISOString().slice(11, 16)} UTC`;
  if (now === undefined) return time;
  const today = new Date(now);
  if (at.getUTCFullYear() !== today.getUTCFullYear()) {
    return `${MONTHS[at.getUTCMonth()]} ${at.getUTCDate()}, ${at.getUTCFullYear()}, ${time}`;
  }
  if (at.getUTCMonth() === today.getUTCMonth() && at.getUTCDate() === today.getUTCDate()) return time;
  return `${MONTHS[at.getUTCMonth()]} ${at.getUTCDate()}, ${time}`;
}
