// The two languages of the desk. Japanese is the agency's working language; anyone whose Slack locale
// is something else reads English.
export type Locale = 'ja' | 'en';

/** A Slack locale (`ja-JP`, `en-US`, `fr-FR`) as the desk's language; unknown means Japanese. */
export function localeOf(slackLocale: string | null | undefined): Locale {
  return !slackLocale || slackLocale.toLowerCase().startsWith('ja') ? 'ja' : 'en';
}
