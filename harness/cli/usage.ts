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
  labcheck grade <class-folder> --assignment <file> [options]
      Grade a class: each subfolder of <class-folder> is a student (zip files there are unpacked
      first into a folder named after them), graded on every lab:role of the assignment file.
        --out <folder>         where the reports go (default: reports/grade/): grades.csv,
                               junit/<student>.xml, class.junit.xml, results/<student>/results.json
                               (Gradescope), class.json, html/index.html (class overview and
                               a page per student)
        --jobs <n>             scenario runs at once (default: twice the cores, at most 16)
        --shard <i>/<n>        grade only the i-th of n stable, disjoint slices of the class
        --resume               continue an interrupted run in the same --out (same seed)
        --seed <n>             the class's seed (default: the assignment's seed:, else one derived
                               from the assignment file, so every shard uses the same)
        --python, --isolation, --timeout-scale   as for test (the scale overrides the assignment's)
  labcheck check [--assignment <file>] [--lang ko|en]
      For students: check the programs in the current folder before handing in. Without an
      assignment file they are found by the course's file names (TCP_echoserver.py is
      echo:server, ...); with one, graded as labcheck grade would (hidden scenarios are run but
      not shown). Each failure gets a hint, expected/actual and the command that reruns it.
        --lang <ko|en>         language of the messages (default: from LC_ALL/LC_MESSAGES/LANG)
        --seed, --python, --isolation, --timeout-scale   as for test
      Exit status: 0 every scenario shown passed, 1 otherwise (or no program found), 2 usage.
  labcheck merge <out-folders...> --out <folder>
      Join the shards' reports (their class.json) into the reports of the whole class.
  labcheck ref <lab>:<role> [--port <n>] [--host <addr>] [--options <json>]
      Run a reference peer in the foreground (e.g. the echo server, to try your client by hand).

Exit status: 0 nothing failed, 1 something failed, errored or was flaky, or a report could not be
written, 2 usage or configuration error. For grade and merge: 0 the class was graded and its
reports written (whatever the students' verdicts), 1 interrupted or a report not written, 2 usage.`;

/** Splits "echo:server" into its lab and role. */
export function parseTarget(target: string | undefined): { lab: string; role: string } {
  const m = /^([a-z0-9-]+):([a-z]+)$/.exec(target ?? '');
  if (!m) throw new UsageError(`expected <lab>:<role> such as echo:server, got ${JSON.stringify(target ?? '')}`);
  return { lab: m[1]!, role: m[2]! };
}
