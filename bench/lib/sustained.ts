// Sustained load, as a desk in full swing: waves of 12 usage cases walked to their end at once, through
// signed clicks and form submissions, while 6 clients send `/mdoc status` and `/mdoc list` without
// pause. The bot's RSS is sampled throughout: it must hold flat, under the memory goal.
import http from 'node:http';
import pg from 'pg';
import { formById } from '../../src/forms/declarations.js';
import { buttonClickPayload } from '../../test/helpers/signed-requests.js';
import { procedureById } from '../../src/workflow/procedures/index.js';
import { availableActions, documentsToIssue, stepByCode } from '../../src/workflow/steps.js';
import type { SlackApiStandIn } from '../../src/demo/slack-api-stand-in.js';
import type { Lane } from '../../src/workflow/types.js';
import type { Child } from './child.js';
import type { SignedRequest } from './load.js';
import { seedOpenCases } from './seed.js';
import { command, signed } from './signed.js';

export interface SustainedResult {
  seconds: number;
  /** Status and list requests answered, and their rate. */
  readRequests: number;
  readPerSecond: number;
  readErrors: number;
  casesWalked: number;
  transitions: number;
  /** RSS samples every 5 s, in MB. */
  rss: number[];
  rssMax: number;
  /** RSS in the last minute against the first minute after warm-up: flat is close to 0. */
  rssDrift: number;
}

export interface Staff {
  reviewer: string;
  operator: string;
  testLab: string;
}

const ACCESS_FORM = { ip_ranges: '203.0.113.10\n198.51.100.0/24', apple_account_email: 'dev@example.co.jp' };

function post(agent: http.Agent, url: URL, r: SignedRequest): Promise<boolean> {
  return new Promise((resolve) => {
    const req = http.request({ host: url.hostname, port: url.port, path: url.pathname, method: 'POST', agent, headers: { ...r.headers, 'content-length': Buffer.byteLength(r.body) } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode === 200));
    });
    req.on('error', () => resolve(false));
    req.end(r.body);
  });
}

/** The person who takes the primary action of a step: the first lane's role holder (a reviewer acts for the applicant). */
function actorFor(lanes: Lane[], staff: Staff): string {
  const lane = lanes[0];
  return lane === 'operator' ? staff.operator : lane === 'test_lab' ? staff.testLab : staff.reviewer;
}

/**
 * The file a person would choose for a document issued to the case ((4)-e's サービス開始承諾書), hosted on
 * the stand-in as if uploaded in Slack: a small PDF of the case's own. Its input's state, as Slack sends it.
 */
function issuedFileInput(slack: SlackApiStandIn, key: string, document: string) {
  const content = Buffer.from(`%PDF-1.4\n% ${document} ${key}\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n`, 'utf8');
  const id = slack.hostFile(`${document}.pdf`, content, 'application/pdf');
  return { type: 'file_input', files: [{ id, name: `${document}.pdf`, mimetype: 'application/pdf', filetype: 'pdf', size: content.length }] };
}

/** The click (or, for an action with a modal, the modal's submission) that moves a case on from where it stands. */
function nextMove(slack: SlackApiStandIn, key: string, stepCode: string, version: number, fields: Record<string, unknown>, staff: Staff): SignedRequest | undefined {
  const procedure = procedureById('usage');
  const step = stepByCode(procedure, stepCode);
  const action = availableActions(procedure, step, fields).find((a) => a.style === 'primary');
  if (!action) return undefined;
  const user = actorFor(action.lanes ?? step.lanes, staff);
  const documents = documentsToIssue(action, fields);
  if (!action.form && documents.length === 0) {
    const payload = buttonClickPayload({ userId: user, actionId: `mdoc_action:${action.id}`, value: JSON.stringify({ case: key, step: stepCode, version }) });
    return signed(new URLSearchParams({ payload: JSON.stringify(payload) }).toString());
  }
  const values = action.form && formById(action.form).id === 'access_request' ? ACCESS_FORM : {};
  const state = {
    ...Object.fromEntries(Object.entries(values).map(([name, value]) => [name, { [name]: { type: 'plain_text_input', value } }])),
    ...Object.fromEntries(documents.map((document) => [document, { [document]: issuedFileInput(slack, key, document) }])),
  };
  const payload = {
    type: 'view_submission',
    team: { id: 'T1', domain: 'desk' },
    user: { id: user, username: 'bench', team_id: 'T1' },
    api_app_id: 'A1',
    token: 't',
    trigger_id: 'trig',
    view: { id: `V${key}${version}`, team_id: 'T1', type: 'modal', callback_id: 'mdoc_action_form', private_metadata: JSON.stringify({ case: key, version, action: action.id }), hash: 'h', state: { values: state }, app_id: 'A1', bot_id: 'BBOT' },
  };
  return signed(new URLSearchParams({ payload: JSON.stringify(payload) }).toString());
}

/** Walks one case to its end: each move waits until the case's version shows it was applied. */
async function walkCase(slack: SlackApiStandIn, db: pg.Pool, agent: http.Agent, url: URL, key: string, staff: Staff, until: number): Promise<number> {
  let moves = 0;
  for (let guard = 0; guard < 40 && Date.now() < until; guard++) {
    const { rows } = await db.query<{ step: string; version: number; closed: boolean; fields: Record<string, unknown> }>(`SELECT step, version, closed, fields FROM cases WHERE key = $1`, [key]);
    const c = rows[0]!;
    if (c.closed) return moves;
    const move = nextMove(slack, key, c.step, c.version, c.fields, staff);
    if (!move) return moves;
    await post(agent, url, move);
    for (let waited = 0; waited < 200; waited++) {
      const { rows: now } = await db.query<{ version: number }>(`SELECT version FROM cases WHERE key = $1`, [key]);
      if (now[0]!.version > c.version) break;
      await new Promise((r) => setTimeout(r, 25));
    }
    moves++;
  }
  return moves;
}

export async function sustainedLoad(bot: Child, databaseUrl: string, slack: SlackApiStandIn, staff: Staff, responseUrl: string, seconds: number, requester: string): Promise<SustainedResult> {
  const url = new URL(`http://127.0.0.1:${bot.port}/slack/events`);
  // The walkers poll their cases concurrently: a pool of connections, one seeding client.
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 12 });
  const db = new pg.Client(databaseUrl);
  await db.connect();
  const agent = new http.Agent({ keepAlive: true, maxSockets: 32 });
  const started = Date.now();
  const until = started + seconds * 1000;
  const rss: number[] = [];
  const sampler = setInterval(() => void bot.rssMb().then((mb) => rss.push(mb)), 5_000);

  // Six readers without pause, alternating status and list.
  const someKeys = await seedOpenCases(db, 50, requester);
  let reads = 0;
  let readErrors = 0;
  const readers = Array.from({ length: 6 }, async (_, i) => {
    for (let n = 0; Date.now() < until; n++) {
      const text = (n + i) % 2 ? `status ${someKeys[(n * 7 + i) % someKeys.length]}` : 'list';
      if (await post(agent, url, command(text, staff.reviewer, responseUrl))) reads++;
      else readErrors++;
    }
  });

  // Waves of 12 cases walked to the end at once, until the time is up.
  let walked = 0;
  let transitions = 0;
  const walkers = (async () => {
    while (Date.now() < until) {
      const wave = await seedOpenCases(db, 12, requester);
      const moves = await Promise.all(wave.map((key) => walkCase(slack, pool, agent, url, key, staff, until)));
      transitions += moves.reduce((a, b) => a + b, 0);
      walked += wave.length;
    }
  })();

  await Promise.all([...readers, walkers]);
  clearInterval(sampler);
  agent.destroy();
  await Promise.all([pool.end(), db.end()]);
  const elapsed = (Date.now() - started) / 1000;
  const perMinute = 12; // samples every 5 s
  const head = rss.slice(perMinute, perMinute * 2);
  const tail = rss.slice(-perMinute);
  const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN);
  return {
    seconds: Math.round(elapsed),
    readRequests: reads,
    readPerSecond: Math.round((reads / elapsed) * 10) / 10,
    readErrors,
    casesWalked: walked,
    transitions,
    rss,
    rssMax: Math.max(...rss),
    rssDrift: Math.round(mean(tail) - mean(head)),
  };
}
