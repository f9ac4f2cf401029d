/** The local calendar day of a timestamp in seconds, as a comparable key. */
export function dayKey(seconds: number): string {
  const date = new Date(seconds * 1000);
  return `${date.getFullYear()}-${date.getMonth()}-${date.getDate()}`;
}

const LONG_DATE = new Intl.DateTimeFormat(undefined, {
  weekday: 'long',
  year: 'numeric',
  month: 'long',
  day: 'numeric',
});

/** "Today", "Yesterday", or the full date, for the separator above a day's first message. */
export function dayLabel(seconds: number, now = new Date()): string {
  const key = dayKey(seconds);
  if (key === dayKey(now.getTime() / 1000)) return 'Today';
  const yesterday = new Date(now);
  yesterday.setDate(now.getDate() - 1);
  if (key === dayKey(yesterday.getTime() / 1000)) return 'Yesterday';
  return LONG_DATE.format(new Date(seconds * 1000));
}
