// Named points where a test can make the process die, to prove that a crash at any moment of a delivery
// loses nothing and doubles nothing. Inert unless MDOC_FAILPOINT names the point; tests set it in a
// child process only. MDOC_FAILPOINT_SKIP lets that many hits pass first, so each run makes progress.
export type FailpointName = 'delivery.before-call' | 'delivery.after-call' | 'delivery.before-commit';

let hits = 0;

export function failpoint(name: FailpointName): void {
  if (process.env.MDOC_FAILPOINT !== name) return;
  if (hits++ >= Number(process.env.MDOC_FAILPOINT_SKIP ?? 0)) process.kill(process.pid, 'SIGKILL');
}
