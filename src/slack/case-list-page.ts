// One page of `/mdoc list` or `/mdoc search`, from the words typed: shared by the command and the page buttons.
import { parseCaseFilter } from '../cases/case-filter.js';
import type { Locale } from '../i18n/locale.js';
import { messages } from '../i18n/messages.js';
import type { ListPageValue } from './ids.js';
import type { SlackServices } from './services.js';
import type { SlackMessage } from './views/case-card.js';
import { caseList } from './views/case-list.js';

export const PAGE_SIZE = 20;

export async function caseListPage(services: SlackServices, query: ListPageValue, locale: Locale): Promise<SlackMessage> {
  const m = messages(locale).list;
  const parsed = parseCaseFilter(query.words, query.search);
  if (!parsed.ok) {
    const text = `${parsed.message[locale]}\n${m.filterHelp}`;
    return { text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }] };
  }
  const { cases, total } = await services.cases.list(parsed.filter, query.page, PAGE_SIZE);
  const words = query.words.join(' ');
  const title = query.search ? m.searchTitle(words) : words ? m.filteredTitle(words) : m.openTitle;
  return caseList({ cases, total, page: query.page, pageSize: PAGE_SIZE, title, query: { words: query.words, search: query.search }, locale, now: services.now() });
}
