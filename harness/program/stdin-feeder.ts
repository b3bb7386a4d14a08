// Answers the program's reads of stdin from the scenario's script. Under the Python shim each
// input() is reported before it blocks, so lines are typed exactly when asked for; questions for
// the server's address or port get an empty line (the program's default) in every scenario, even
// one that types nothing else.
import type { Writable } from 'node:stream';
import type { InputRead } from '../model/evidence.js';
import type { StdinScript } from '../scenario/schema.js';
import { isAddressPrompt, isPrintedAddressQuestion } from './address-prompt.js';
import { PromptAnswers } from './prompt-answers.js';

/** No script: nothing to type, end of file at the first read that is not an address question. */
const NOTHING_TO_TYPE: StdinScript = { lines: [], eof: true };

export class StdinFeeder {
  private next = 0;
  private closed = false;
  private readonly isDefaultPrompt: (question: string) => boolean;
  private readonly script: StdinScript;
  private readonly answers: PromptAnswers;

  constructor(
    private readonly stdin: Writable,
    script: StdinScript | undefined,
    private readonly onRead: (read: InputRead) => void,
  ) {
    this.script = script ?? NOTHING_TO_TYPE;
    const own = script?.defaults !== undefined ? new RegExp(script.defaults, 'i') : undefined;
    this.isDefaultPrompt = own ? (q) => own.test(q) : isAddressPrompt;
    this.answers = new PromptAnswers(this.script.answers ?? []);
  }

  /** The program asked for a line (reported by the shim); `printed` is the line it printed just
   *  before a bare input(), which then is the question; `since` what it printed since the last
   *  read (for the scenario's prompt answers). */
  answer(prompt: string, t: number, detail?: string, printed?: string, since?: string): void {
    if (detail === 'read' || detail === 'readlines') {
      // sys.stdin.read() waits for end of file: give it the whole script at once.
      this.feedAllNow();
      this.onRead({ t, prompt, answer: this.script.lines.length ? this.script.lines.join('\n') : null });
      return;
    }
    if (this.closed) {
      this.onRead({ t, prompt, answer: null });
      return;
    }
    const answer = this.choose(prompt, printed, since);
    if (answer === null) {
      if (this.script.eof) this.close();
      this.onRead({ t, prompt, answer: null });
      return;
    }
    this.stdin.write(answer + '\n');
    this.onRead({ t, prompt, answer });
  }

  /** The line to type: the scenario's answer for the question; else an empty line for an address
   *  question; else its answer for what was printed since the last read (a menu above "Select: ");
   *  else its fallback answer for the question; else the next scripted line; else null (end of
   *  file, or nothing). */
  private choose(prompt: string, printed: string | undefined, since: string | undefined): string | null {
    const question = prompt || (printed ?? '');
    const forQuestion = this.answers.answerFor(question);
    if (forQuestion !== undefined) return forQuestion;
    const asksAddress = prompt ? this.isDefaultPrompt(prompt) : printed !== undefined && isPrintedAddressQuestion(printed);
    if (asksAddress) return '';
    const above = since === undefined ? undefined : this.answers.answerFor(since.endsWith(prompt) ? since : since + prompt);
    if (above !== undefined) return above;
    const fallback = this.answers.answerFor(question, true);
    if (fallback !== undefined) return fallback;
    return this.next < this.script.lines.length ? this.script.lines[this.next++]! : null;
  }

  /** For programs not under the shim: type every line at once, then end-of-file if the script says so. */
  feedAllNow(): void {
    if (this.closed) return;
    for (const line of this.script.lines.slice(this.next)) this.stdin.write(line + '\n');
    this.next = this.script.lines.length;
    if (this.script.eof) this.close();
  }

  private close(): void {
    this.closed = true;
    this.stdin.end();
  }
}
