// Starts a Node program as a child process (so that its RSS is its own) and waits for its "running" line.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';

/** Linux's USER_HZ, the unit of /proc/<pid>/stat's times (100 on every common kernel). */
const CLOCK_TICKS = 100;

export interface Child {
  process: ChildProcess;
  port: number;
  rssMb(): Promise<number>;
  /** CPU time the process has used so far (user and system), in seconds. */
  cpuSeconds(): Promise<number>;
  stop(): Promise<void>;
}

/** The node arguments of `npm start` (flags and the compiled entry), so that the bot is measured as it runs. */
export async function npmStartArgs(): Promise<string[]> {
  const start: string = JSON.parse(await readFile('package.json', 'utf8')).scripts.start;
  const [command, ...args] = start.split(/\s+/);
  if (command !== 'node') throw new Error(`npm start runs ${command}, not node: the benchmark cannot start it the same way`);
  return args;
}

/** Starts `node …args` (a .ts script runs through tsx). */
export async function startChild(args: string[], env: Record<string, string>, runningMsg: string): Promise<Child> {
  const script = args.at(-1)!;
  const child = spawn(process.execPath, script.endsWith('.ts') ? ['--import', 'tsx', ...args] : args, { env: { PATH: process.env.PATH!, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  // A bench that dies of an uncaught error takes its children with it instead of leaving them running.
  const orphaned = () => child.kill();
  process.on('exit', orphaned);
  child.on('exit', () => process.off('exit', orphaned));
  const port = await new Promise<number>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      try {
        const entry = JSON.parse(line);
        if (entry.msg === runningMsg) {
          resolve(entry.port);
          // From now on the child's output is drained unread, so that parsing it costs the load nothing.
          lines.close();
          child.stdout!.resume();
        }
      } catch {
        // not a JSON log line
      }
    });
    child.on('exit', (code) => reject(new Error(`${script} exited with ${code} before it ran`)));
    setTimeout(() => reject(new Error(`${script} did not say "${runningMsg}" within 60 s`)), 60_000).unref();
  });
  return {
    process: child,
    port,
    async rssMb() {
      const status = await readFile(`/proc/${child.pid}/status`, 'utf8');
      return Math.round(Number(/VmRSS:\s+(\d+)/.exec(status)![1]) / 1024);
    },
    async cpuSeconds() {
      // Fields 14 and 15 of /proc/<pid>/stat, counted after the command name (which may hold spaces).
      const stat = await readFile(`/proc/${child.pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.on('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
