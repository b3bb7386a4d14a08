// The shim reports uncaught exceptions: one that ends the program (sys.excepthook) and one that ends
// only a thread (threading.excepthook, detail "thread <name>"). The difference matters: a program
// whose own exception is reported is left to end by itself before a stop (running-program.ts).
import { describe, expect, test } from 'vitest';
import { parseShimLine } from '../../harness/program/shim-events.js';

describe('exception events from the shim', () => {
  test("the program's uncaught exception has no detail", () => {
    expect(parseShimLine('{"t": 5, "pid": 9, "call": "exception", "error": "NameError: name \'host_ip\' is not defined"}')).toEqual({
      type: 'exception',
      t: 5,
      pid: 9,
      error: "NameError: name 'host_ip' is not defined",
    });
  });

  test("a thread's keeps which thread it ended", () => {
    expect(parseShimLine('{"t": 5, "pid": 9, "call": "exception", "error": "OSError: x", "detail": "thread Thread-1"}')).toEqual({
      type: 'exception',
      t: 5,
      pid: 9,
      error: 'OSError: x',
      detail: 'thread Thread-1',
    });
  });
});
