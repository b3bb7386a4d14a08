// Answers the program's reads of stdin from the scenario's script. Under the Python shim each
// input() is reported before it blocks, so lines are typed exactly when asked for; prompts that
// ask for a server address or port get an empty line (the program's default).
import type { Writable } from 'node:stream';
import type { InputRead } from '../model/evidence.js';
import type { StdinScript } from '../scenario/schema.js';

export const DEFAULT_PROMPTS = '\\bip\\b|\\bhost|address|\\bport\\b|주소|포트';

export class StdinFeeder {
  private next = 0;
  private closed = false;
  private readonly defaults: RegExp;

  constructor(
    private readonly stdin: Writable,
    private readonly script: StdinScript | undefined,
    private readonly onRead: (read: InputRead) => void,
  ) {
    this.defaults = new RegExp(script?.defaults ?? DEFAULT_PROMPTS, 'i');
    // Without a script the program gets end-of-file at once: an open stdin makes input() hang.
    if (!script) this.close();
  }

  /** The program asked for a line (reported by the shim). */
  answer(prompt: string, t: number, detail?: string): void {
    if (detail === 'read' || detail === 'readlines') {
      // sys.stdin.read() waits for end of file: give it the whole script at once.
      this.feedAllNow();
      this.onRead({ t, prompt, answer: this.script ? this.script.lines.join('\n') : null });
      return;
    }
    if (this.closed) {
      this.onRead({ t, prompt, answer: null });
      return;
    }
    const lines = this.script?.lines ?? [];
    let answer: string | null;
    if (prompt && this.defaults.test(prompt)) answer = '';
    else if (this.next < lines.length) answer = lines[this.next++]!;
    else answer = null;
    if (answer === null) {
      if (this.script?.eof !== false) this.close();
      this.onRead({ t, prompt, answer: null });
      return;
    }
    this.stdin.write(answer + '\n');
    this.onRead({ t, prompt, answer });
  }

  /** For programs not under the shim: type every line at once, then end-of-file if the script says so. */
  feedAllNow(): void {
    if (this.closed || !this.script) return;
    for (const line of this.script.lines.slice(this.next)) this.stdin.write(line + '\n');
    this.next = this.script.lines.length;
    if (this.script.eof) this.close();
  }

  private close(): void {
    this.closed = true;
    this.stdin.end();
  }
}
