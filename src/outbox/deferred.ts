/** Thrown by a delivery that may not run yet (pacing): the worker reschedules it without counting a failure. */
export class Deferred extends Error {
  constructor(readonly until: Date, reason: string) {
    super(reason);
  }
}
