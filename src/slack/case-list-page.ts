// One page of `/mdoc list` or `/mdoc search`, from the words typed: shared by the command and the page buttons.
import { FILTER_HELP, parseCaseFilter } from '../cases/case-filter.js';
import type { ListPageValue } from './ids.js';
import type { SlackServices } from './services.js';
import type { SlackMessage } from './views/case-card.js';
import { caseList } from './views/case-list.js';

export const PAGE_SIZE = 20;

export async function caseListPage(services: SlackServices, query: ListPageValue): Promise<SlackMessage> {
  const parsed = parseCaseFilter(query.words, query.search);
  if (!parsed.ok) return { text: `${parsed.message}\n${FILTER_HELP}`, blocks: [{ type: 'section', text: { type: 'mrkdwn', text: `${parsed.message}\n${FILTER_HELP}` } }] };
  const { cases, total } = await services.cases.list(parsed.filter, query.page, PAGE_SIZE);
  const title = query.search ? `「${query.words.join(' ')}」の検索結果` : query.words.length ? `進行中の案件（${query.words.join(' ')}）` : '進行中の案件';
  return caseList({ cases, total, page: query.page, pageSize: PAGE_SIZE, title, query: { words: query.words, search: query.search } });
}
