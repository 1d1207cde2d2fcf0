// The Hono environment of the web door: Node's request and response, and what middleware hands on.
import type { HttpBindings } from '@hono/node-server';

export interface WebEnv {
  /** Absent when the app is driven without a server (app.request in tests). */
  Bindings: Partial<HttpBindings>;
  Variables: {
    /** The form token for this browser's CSRF cookie, put in every form's hidden field. */
    csrfToken: string;
    /** The CSRF cookie this request came with, or the one just set. */
    csrfCookie: string;
  };
}
