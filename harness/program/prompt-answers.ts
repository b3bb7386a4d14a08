// Data-driven answers to a program's prompts (a scenario's `stdin: { answers: [...] }`), for
// programs whose questions differ from student to student (a menu, "Function code(3/6): ",
// "시작 주소: "). Each rule is a regular expression matched case-insensitively; the first rule that
// matches wins and its answer is typed, with $1, $2, ... replaced by the match's groups. A rule
// marked `once` answers one time only (a menu choice: the second time round the menu, the next
// rule, e.g. the menu's quit entry, gets its turn). A `fallback` rule is tried only when no other
// rule answers (a bare "Function: " gets 3, but "Select function: " under a menu takes the menu).
//
// The question alone is tried first (the prompt, or the line print()ed before a bare input());
// then, when that is no address question (those get the program's default, an empty line), the
// whole output since the previous read of stdin, so a menu printed above "Select: " is seen; then
// the fallback rules, on the question.
export interface PromptAnswerRule {
  match: string;
  answer: string;
  once?: boolean | undefined;
  fallback?: boolean | undefined;
}

export class PromptAnswers {
  private readonly rules: { pattern: RegExp; rule: PromptAnswerRule; used: boolean }[];

  constructor(rules: PromptAnswerRule[]) {
    this.rules = rules.map((rule) => ({ pattern: new RegExp(rule.match, 'i'), rule, used: false }));
  }

  /** The answer of the first rule (still in play) whose pattern matches `text`, or undefined;
   *  `fallback`: try the fallback rules instead of the others. */
  answerFor(text: string, fallback = false): string | undefined {
    if (!text) return undefined;
    for (const r of this.rules) {
      if (Boolean(r.rule.fallback) !== fallback || (r.rule.once && r.used)) continue;
      const m = r.pattern.exec(text);
      if (!m) continue;
      r.used = true;
      return r.rule.answer.replace(/\$(\d)/g, (_, n: string) => m[Number(n)] ?? '');
    }
    return undefined;
  }
}
