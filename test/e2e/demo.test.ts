// `npm run demo`, which the README offers to try the bot without a workspace, walks both procedures to
// their ends on the embedded Postgres: run as a reader would, it must finish and reach every end.
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';

describe('npm run demo', () => {
  it('walks a usage case and a certification case to their ends and shows the Home tab', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/demo/run-demo.ts'], { env: { ...process.env, FORCE_COLOR: '0' } });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code, out.slice(-2_000)).toBe(0);
    expect(out).toMatch(/✔ MDOC-0001: \(5\) /);
    expect(out).toMatch(/✔ MDOC-0002: \(5\) /);
    expect(out).toContain('あなたの対応待ち');
  }, 120_000);
});
