// How a class run shows its progress: on a terminal one live line (students done of total,
// elapsed, an estimate of what is left, students with failures so far), rewritten in place;
// otherwise (CI logs, a pipe) one plain line per student finished.
import type { StudentGrade } from '../model/class-result.js';
import { hasFailures } from '../model/class-result.js';
import { roundPoints } from './points.js';

function clock(ms: number): string {
  const s = Math.round(ms / 1000);
  return s >= 60 ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s` : `${s}s`;
}

export class ProgressLine {
  private done = 0;
  /** Graded by this run (the estimate's rate; a resume's earlier students took no time here). */
  private doneHere = 0;
  private failing = 0;
  private readonly started = Date.now();

  constructor(
    private readonly total: number,
    private readonly write: (text: string) => void,
    private readonly live: boolean,
  ) {}

  /** Students already graded before this run (a resume). */
  alreadyDone(students: readonly StudentGrade[]): void {
    this.done += students.length;
    this.failing += students.filter(hasFailures).length;
  }

  studentDone(s: StudentGrade): void {
    this.done++;
    this.doneHere++;
    if (hasFailures(s)) this.failing++;
    if (this.live) this.write(`\r\x1b[K${this.status()}`);
    else this.write(`[${this.done}/${this.total}] ${s.name}  ${roundPoints(s.points)}/${roundPoints(s.max)}  ${s.labs.map((l) => `${l.id} ${l.scenarios.filter((p) => p.status === 'passed').length}/${l.scenarios.length} passed`).join(', ')}\n`);
  }

  status(): string {
    const elapsed = Date.now() - this.started;
    const left = this.doneHere > 0 && this.done < this.total ? `, about ${clock((elapsed / Math.max(1, this.doneHere)) * (this.total - this.done))} left` : '';
    return `${this.done} of ${this.total} students graded, ${clock(elapsed)} elapsed${left}, ${this.failing} with failures`;
  }

  /** Ends the live line (so what follows starts on its own line). */
  end(): void {
    if (this.live) this.write('\n');
  }
}
