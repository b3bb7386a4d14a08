// The language of `labcheck check`'s messages: --lang, else the locale (LC_ALL, then LC_MESSAGES,
// then LANG, as POSIX orders them: the first one set decides), Korean when it starts with "ko",
// else English.
import type { Language } from './hints.js';

export function chooseLanguage(flag: string | undefined, env: NodeJS.ProcessEnv): Language | undefined {
  if (flag !== undefined) return flag === 'ko' || flag === 'en' ? flag : undefined;
  const locale = [env.LC_ALL, env.LC_MESSAGES, env.LANG].find((v) => v !== undefined && v !== '') ?? '';
  return /^ko([_.@-]|$)/i.test(locale) ? 'ko' : 'en';
}
