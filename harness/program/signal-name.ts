// A signal's name from its number, as node names the signals it reports ('SIGKILL').
import { constants } from 'node:os';

export function signalName(n: number): NodeJS.Signals | undefined {
  return (Object.entries(constants.signals) as [NodeJS.Signals, number][]).find(([, v]) => v === n)?.[0];
}
