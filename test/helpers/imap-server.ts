// A real IMAP server for tests: a throwaway Dovecot on a free loopback port, with everything it owns
// (settings, sockets, state, logs, the mail store) in one temporary folder. Mail sources are tested
// against the server they meet in production rather than against a stand-in that agrees with them.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, chown, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ImapFlow } from 'imapflow';

const DOVECOT = '/usr/sbin/dovecot';
// The mail store belongs to the userdb user; as root Dovecot refuses to hand mail to root itself.
const MAIL_UID = 65534; // nobody
const MAIL_GID = 65534; // nogroup

export class ImapServer {
  url = '';
  port = 0;
  readonly user = 'desk';
  readonly password = 'secret';
  private dir = '';
  private process: ChildProcess | null = null;

  async start(): Promise<this> {
    if (!existsSync(DOVECOT)) {
      throw new Error(`${DOVECOT} is missing: the mail tests need a real IMAP server (.ci/run installs dovecot-imapd)`);
    }
    this.dir = await mkdtemp(join(tmpdir(), 'mdoc-dovecot-'));
    // Dovecot's helpers run as dovecot, dovenull and nobody: every folder on the way must let them through.
    await chmod(this.dir, 0o755);
    for (const sub of ['run', 'state', 'mail']) await mkdir(join(this.dir, sub), { mode: 0o755 });
    await chown(join(this.dir, 'mail'), MAIL_UID, MAIL_GID);
    await writeFile(join(this.dir, 'passwd'), `${this.user}:{PLAIN}${this.password}::::::\n`, { mode: 0o644 });
    this.port = await freePort();
    await writeFile(join(this.dir, 'dovecot.conf'), this.settings());
    this.url = `imap://${this.user}:${this.password}@127.0.0.1:${this.port}/INBOX`;
    await this.launch();
    return this;
  }

  async stop(): Promise<void> {
    await this.kill();
    if (this.dir) await rm(this.dir, { recursive: true, force: true });
  }

  /** The server goes away (every session is dropped) and comes back on the same port with the same mail. */
  async restart(): Promise<void> {
    await this.kill();
    await this.launch();
  }

  async append(raw: Buffer | string, flags?: string[]): Promise<void> {
    await this.session(async (client) => {
      if (!(await client.append('INBOX', raw, flags))) throw new Error('APPEND refused');
    });
  }

  /** Every message in a mailbox, oldest first; an empty list for a mailbox that does not exist. */
  async messages(mailbox = 'INBOX'): Promise<{ uid: number; flags: string[] }[]> {
    return this.session(async (client) => {
      const boxes = await client.list();
      if (!boxes.some((box) => box.path === mailbox)) return [];
      // Read-only, so that looking never changes what the source under test will see.
      await client.mailboxOpen(mailbox, { readOnly: true });
      const found = await client.fetchAll('1:*', { uid: true, flags: true });
      // \Recent only says which session saw a message first, not what anyone did with it.
      const flags = (m: (typeof found)[number]) => [...(m.flags ?? [])].filter((f) => f !== '\\Recent').sort();
      // Other sessions changing flags meanwhile send unsolicited FETCH responses, which can list a message
      // twice: one entry per UID, the last word on its flags. Such a response may also name the message
      // by its sequence number alone (`* 2 FETCH (FLAGS (…))`, no UID): it is left out, or it would count
      // as an eleventh message of ten (seen under load); the next listing has its flags.
      const withUid = found.filter((m) => typeof m.uid === 'number');
      const byUid = new Map(withUid.map((m) => [m.uid, { uid: m.uid, flags: flags(m) }]));
      return [...byUid.values()].sort((a, b) => a.uid - b.uid);
    });
  }

  /** The mailbox's UIDVALIDITY, which every IMAP sourceKey carries. */
  async uidValidity(mailbox = 'INBOX'): Promise<string> {
    return this.session(async (client) => {
      const status = await client.status(mailbox, { uidValidity: true });
      if (!status || status.uidValidity === undefined) throw new Error(`no UIDVALIDITY for ${mailbox}`);
      return String(status.uidValidity);
    });
  }

  private settings(): string {
    const d = this.dir;
    return `# Throwaway instance for tests; nothing here meets a system Dovecot.
base_dir = ${d}/run
state_dir = ${d}/state
instance_name = mdoc-test-${this.port}-${process.pid}
log_path = ${d}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
# A refused login answers at once; the default 2 s pause only slows the tests of wrong passwords.
auth_failure_delay = 0
default_internal_user = dovecot
default_login_user = dovenull
mail_location = maildir:${d}/mail/%u
# The default of 30 s makes IDLE look broken in a test.
mailbox_idle_check_interval = 1 secs
passdb {
  driver = passwd-file
  args = ${d}/passwd
}
userdb {
  driver = static
  args = uid=${MAIL_UID} gid=${MAIL_GID} home=${d}/mail/%u
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = ${this.port}
  }
  inet_listener imaps {
    port = 0
  }
}
protocol imap {
  # Tests open several sources and helper sessions at once from one address.
  mail_max_userip_connections = 100
}
`;
  }

  private async launch(): Promise<void> {
    // Its own process group, so that kill() reaches the master and every helper it started.
    const child = spawn(DOVECOT, ['-F', '-c', join(this.dir, 'dovecot.conf')], { stdio: ['ignore', 'ignore', 'pipe'], detached: true });
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    this.process = child;
    const deadline = Date.now() + 15_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`dovecot exited with ${child.exitCode}: ${stderr}${await this.logTail()}`);
      if (await this.acceptsLogin()) return;
      if (Date.now() > deadline) throw new Error(`dovecot did not accept a login on port ${this.port}: ${stderr}${await this.logTail()}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  private async kill(): Promise<void> {
    const child = this.process;
    this.process = null;
    if (!child?.pid || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    // The whole group at once: every helper ends together and every session drops at once, where
    // the master alone takes a second to wind them down. SIGKILL only if that hangs.
    const group = -child.pid;
    process.kill(group, 'SIGTERM');
    const timer = setTimeout(() => process.kill(group, 'SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
    // The master's exit does not wait for its helpers: an imap process still writing the mailbox's index
    // while the next instance starts on the same folders can give a message a second UID. Wait until
    // the whole group is gone.
    // (A zombie nobody reaps would count as alive for ever: 10 s at most.)
    for (const started = Date.now(); groupAlive(group) && Date.now() - started < 10_000; ) {
      if (Date.now() - started > 5_000) process.kill(group, 'SIGKILL');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  private async acceptsLogin(): Promise<boolean> {
    const client = this.client({ verifyOnly: true });
    client.on('error', () => {});
    try {
      await client.connect();
      return true;
    } catch {
      return false;
    } finally {
      client.close();
    }
  }

  private client(extra: { verifyOnly?: boolean } = {}): ImapFlow {
    return new ImapFlow({
      host: '127.0.0.1', port: this.port, secure: false, doSTARTTLS: false,
      auth: { user: this.user, pass: this.password }, logger: false, ...extra,
    });
  }

  private async session<T>(work: (client: ImapFlow) => Promise<T>): Promise<T> {
    const client = this.client();
    client.on('error', () => {});
    await client.connect();
    try {
      return await work(client);
    } finally {
      await client.logout().catch(() => client.close());
    }
  }

  private async logTail(): Promise<string> {
    const log = await readFile(join(this.dir, 'dovecot.log'), 'utf8').catch(() => '');
    return log.split('\n').slice(-20).join('\n');
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Whether any process of the group is left (signal 0 only asks). */
function groupAlive(group: number): boolean {
  try {
    process.kill(group, 0);
    return true;
  } catch {
    return false;
  }
}
