// Named points where a test can make the process die, to prove that a crash at any moment of a delivery
// loses nothing and doubles nothing. Inert unless MDOC_FAILPOINT names the point (tests set it in a
// child process only).
export type FailpointName = 'delivery.before-call' | 'delivery.after-call' | 'delivery.before-commit';

export function failpoint(name: FailpointName): void {
  if (process.env.MDOC_FAILPOINT === name) process.kill(process.pid, 'SIGKILL');
}
