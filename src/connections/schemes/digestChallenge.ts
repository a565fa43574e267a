/** Reading a `WWW-Authenticate` header into its challenges (RFC 9110 section 11.6.1). */

/** One challenge: its scheme and its parameters, names in lower case. */
export interface AuthChallenge {
  scheme: string;
  params: ReadonlyMap<string, string>;
}

const TOKEN_CHAR = /[!#$%&'*+\-.^_`|~0-9A-Za-z]/;

/** A cursor over a header value; each read returns what it consumed. */
class Reader {
  at = 0;
  constructor(readonly text: string) {}
  get done(): boolean {
    return this.at >= this.text.length;
  }
  peek(): string {
    return this.text[this.at] ?? "";
  }
  skip(chars: RegExp): void {
    while (!this.done && chars.test(this.peek())) this.at += 1;
  }
  token(): string {
    const start = this.at;
    this.skip(TOKEN_CHAR);
    return this.text.slice(start, this.at);
  }
  /** A quoted-string without its quotes, a backslash escaping the character after it. */
  quoted(): string {
    let value = "";
    this.at += 1;
    while (!this.done && this.peek() !== '"') {
      if (this.peek() === "\\") this.at += 1;
      value += this.peek();
      this.at += 1;
    }
    this.at += 1;
    return value;
  }
}

/**
 * Every challenge in a `WWW-Authenticate` value (or several, as Node may join or keep them),
 * each with its auth-params; a token68 credential (`Negotiate abc==`) is skipped.
 * @example parseChallenges('Basic realm="a", Digest realm="b", nonce="n"')[1].params.get("nonce") // "n"
 */
export const parseChallenges = (header: string | string[]): AuthChallenge[] => {
  const challenges: Array<{ scheme: string; params: Map<string, string> }> = [];
  for (const value of Array.isArray(header) ? header : [header]) {
    const reader = new Reader(value);
    while (!reader.done) {
      reader.skip(/[\s,]/);
      const word = reader.token();
      if (word === "") {
        // Not a token: nothing a challenge can hold here, so step over it.
        reader.at += 1;
        continue;
      }
      reader.skip(/\s/);
      const current = challenges.at(-1);
      if (reader.peek() !== "=" || !current) {
        challenges.push({ scheme: word, params: new Map() });
        continue;
      }
      reader.at += 1;
      reader.skip(/\s/);
      if (reader.peek() === "=" || reader.peek() === "," || reader.done) {
        // A token68 ending in padding, not a parameter.
        reader.skip(/=/);
        continue;
      }
      current.params.set(word.toLowerCase(), reader.peek() === '"' ? reader.quoted() : reader.token());
    }
  }
  return challenges;
};
