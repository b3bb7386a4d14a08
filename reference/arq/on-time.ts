// The ARQ labs judge 0.1 s timeouts: a reference reply that leaves late makes a correct client
// resend. Measured with two busy loops in labcheck's session, the worker's event loop waited up to
// 450 ms for the CPU (scheduling is shared per session); with a higher priority, a few ms. So the
// ARQ reference peers raise their process's priority (root only; elsewhere it stays as it was).
// The program the worker starts afterwards inherits it: in its own session (autogroup) that
// changes nothing relative to other sessions' work.
import os from 'node:os';

export function answerOnTime(): void {
  try {
    os.setPriority(-10);
  } catch {
    /* not allowed (not root): timing is then as good as the machine's load allows */
  }
}
