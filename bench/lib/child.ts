// Starts a Node program as a child process (so that its RSS is its own) and waits for its "running" line.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';

export interface Child {
  process: ChildProcess;
  port: number;
  rssMb(): Promise<number>;
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
    stop: () =>
      new Promise<void>((resolve) => {
        child.on('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
