// What every source of inbound mail (an IMAP mailbox, a folder of .eml files) promises the bot, so
// that intake does not care where a message came from. Sources hand over at least once; the
// database, keyed by `sourceKey`, makes it exactly once.

/** One message as a source hands it over. */
export interface RawMessage {
  /** Identifies the message for exactly-once: `imap:<mailbox>:<uidvalidity>:<uid>` or `file:<sha256 of the content>`. */
  sourceKey: string;
  raw: Buffer;
  size: number;
  /** Where it came from, for logs and notices: the mailbox and UID, or the file name. */
  origin: string;
}
/** What the bot did with a message: taken (recorded in the database), or refused with a reason (e.g. a database error is NOT a refusal: throw instead, and the source must keep the message for the next round). */
export type TakeResult = { taken: true } | { taken: false; reason: string };
export type Take = (message: RawMessage) => Promise<TakeResult>;
/** Records a message that take() failed on every time it was tried, with the reason, and tells the reviewers. */
export type Refuse = (message: RawMessage, reason: string) => Promise<void>;
export interface MailSource {
  /**
   * Reads what is waiting now, hands each message to take(), one at a time, in arrival order; resolves to how many were handed over.
   * Rejects when take() throws or the source cannot be read; the message take() failed on stays where it was.
   */
  pollOnce(): Promise<number>;
  /** Keeps handing over new messages in the background until stop(). */
  start(): void;
  /** Finishes the message in hand, then lets go of every connection and timer. */
  stop(): Promise<void>;
}
