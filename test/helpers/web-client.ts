// A small browser stand-in for the web door's tests without a browser: keeps cookies, reads a page's
// hidden fields and posts its forms, url-encoded or multipart, and never follows redirects on its own.

export interface WebResponse {
  status: number;
  headers: Headers;
  body: string;
  location?: string;
}

export class WebClient {
  private cookies = new Map<string, string>();

  constructor(readonly base: string) {}

  private cookieHeader(): Record<string, string> {
    return this.cookies.size ? { cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ') } : {};
  }

  private remember(res: Response) {
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const at = pair!.indexOf('=');
      this.cookies.set(pair!.slice(0, at).trim(), pair!.slice(at + 1).trim());
    }
  }

  forgetCookies() {
    this.cookies.clear();
  }

  url(path: string): string {
    return path.startsWith('http') ? path : `${this.base}${path}`;
  }

  async get(path: string): Promise<WebResponse> {
    const res = await fetch(this.url(path), { headers: this.cookieHeader(), redirect: 'manual' });
    this.remember(res);
    return { status: res.status, headers: res.headers, body: await res.text(), location: res.headers.get('location') ?? undefined };
  }

  async post(path: string, fields: Record<string, string | string[]>, files: { field: string; name: string; type: string; content: Buffer }[] = []): Promise<WebResponse> {
    let body: FormData | URLSearchParams;
    if (files.length) {
      const form = new FormData();
      for (const [k, v] of Object.entries(fields)) for (const one of Array.isArray(v) ? v : [v]) form.append(k, one);
      for (const f of files) form.append(f.field, new Blob([new Uint8Array(f.content)], { type: f.type }), f.name);
      body = form;
    } else {
      const params = new URLSearchParams();
      for (const [k, v] of Object.entries(fields)) for (const one of Array.isArray(v) ? v : [v]) params.append(k, one);
      body = params;
    }
    const res = await fetch(this.url(path), { method: 'POST', body, headers: this.cookieHeader(), redirect: 'manual' });
    this.remember(res);
    return { status: res.status, headers: res.headers, body: await res.text(), location: res.headers.get('location') ?? undefined };
  }
}

/** The value of a hidden input on a page. */
export function hiddenField(html: string, name: string): string {
  const match = new RegExp(`<input[^>]*name="${name}"[^>]*value="([^"]*)"`).exec(html) ?? new RegExp(`<input[^>]*value="([^"]*)"[^>]*name="${name}"`).exec(html);
  if (!match) throw new Error(`no hidden field ${name} on the page`);
  return match[1]!.replace(/&amp;/g, '&');
}

/** The links to the web door in a mail's text. */
export function linkIn(text: string, kind: 'apply' | 'case'): string {
  const match = (kind === 'apply' ? /https?:\/\/\S+\/apply\/confirm\/[A-Za-z0-9_-]+/ : /https?:\/\/\S+\/c\/[A-Za-z0-9_-]+/).exec(text);
  if (!match) throw new Error(`no ${kind} link in the mail`);
  return match[0];
}

/** The path of a link (the tests reach the bot on 127.0.0.1, whatever host the mail names). */
export const pathOf = (link: string) => new URL(link).pathname;
