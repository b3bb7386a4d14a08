export class UsageError extends Error {}

export const USAGE = `labcheck: conformance tests for the socket-programming labs

Usage:
  labcheck list [--json]
      Labs, roles and scenarios.
  labcheck test <lab>:<role> <entry> [options] [-- program args]
      Run every scenario of <lab>:<role> against the program <entry>.
        --only <scenario>      run only this scenario (repeatable)
        --python <path>        interpreter for .py entries (default: python3)
        --cmd "<command>"      run this command line through the shell instead ({entry} is replaced by
                               the entry's file name, quoted; program args are appended, quoted)
        --junit <file>         JUnit XML report (default: reports/<lab>-<role>.junit.xml)
        --json <file>          JSON report (default: reports/<lab>-<role>.json)
        --seed <n>             seed for every random choice (printed; reruns exactly)
        --repeat <n>           run each scenario n times; runs whose verdicts differ are flaky (a failure)
        --isolation <mode>     auto | netns | remap (default: auto)
        --allow-read <path>    let the program read this host path too (repeatable; default: only its own folder)
        --timeout-scale <x>    multiply every timeout (slow machines)
        --verbose              show passed checks and the wire transcript of failures
      Evidence of every run is saved in <json folder>/evidence/<lab>-<role>/ (that run's alone).
  labcheck judge <evidence folder or file> [--json <file>] [--junit <file>] [--verbose]
      Judge saved evidence again with the current checks, running nothing; same reports as test.
  labcheck ref <lab>:<role> [--port <n>] [--host <addr>] [--options <json>]
      Run a reference peer in the foreground (e.g. the echo server, to try your client by hand).

Exit status: 0 nothing failed, 1 something failed, errored or was flaky, or a report could not be
written, 2 usage or configuration error.`;

/** Splits "echo:server" into its lab and role. */
export function parseTarget(target: string | undefined): { lab: string; role: string } {
  const m = /^([a-z0-9-]+):([a-z]+)$/.exec(target ?? '');
  if (!m) throw new UsageError(`expected <lab>:<role> such as echo:server, got ${JSON.stringify(target ?? '')}`);
  return { lab: m[1]!, role: m[2]! };
}
