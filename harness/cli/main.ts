// labcheck's command line: list, test, judge, ref, grade, merge, check. Each command loads only what it uses (a start of
// `labcheck list` is within 2x of a bare node start).
import { USAGE, UsageError } from './usage.js';
import type { Catalog } from '../scenario/catalog-view.js';

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const out = (s: string) => process.stdout.write(s + '\n');
  const err = (s: string) => process.stderr.write(s + '\n');
  try {
    if (!command || command === '--help' || command === '-h' || command === 'help') {
      out(USAGE);
      return command ? 0 : 2;
    }
    if (!['list', 'test', 'judge', 'ref', 'grade', 'merge', 'check'].includes(command)) throw new UsageError(`unknown command ${command}`);
    // Whether network namespaces work is probed (a process start) while the catalog loads.
    if (command === 'test' || command === 'grade' || command === 'check') void import('../sandbox/isolation.js').then((m) => m.netnsUnavailable());
    let catalog: Catalog;
    try {
      const { loadCatalogFast } = await import('../scenario/catalog-cache.js');
      catalog = await loadCatalogFast();
    } catch (e) {
      err(`labcheck: the scenario files are broken: ${(e as Error).message}`);
      return 2;
    }
    switch (command) {
      case 'list': {
        const { listCommand } = await import('./list-command.js');
        return listCommand(rest, catalog, out);
      }
      case 'test': {
        const { testCommand } = await import('./test-command.js');
        return await testCommand(rest, catalog, { out, err, color: Boolean(process.stdout.isTTY) && !process.env.NO_COLOR });
      }
      case 'judge': {
        const { judgeCommand } = await import('./judge-command.js');
        return await judgeCommand(rest, catalog, { out, err, color: Boolean(process.stdout.isTTY) && !process.env.NO_COLOR });
      }
      case 'grade': {
        const { gradeCommand } = await import('./grade-command.js');
        return await gradeCommand(rest, catalog, { out, err, color: false, tty: Boolean(process.stderr.isTTY) });
      }
      case 'check': {
        const { checkCommand } = await import('./check-command.js');
        return await checkCommand(rest, catalog, { out, err, color: false });
      }
      case 'merge': {
        const { mergeCommand } = await import('./merge-command.js');
        return await mergeCommand(rest, { out, err, color: false });
      }
      case 'ref': {
        const { refCommand } = await import('./ref-command.js');
        const code = await refCommand(rest, catalog);
        process.exit(code); // stdin may still hold the event loop open
      }
    }
    return 2;
  } catch (e) {
    if (e instanceof UsageError || (e as NodeJS.ErrnoException).code?.startsWith?.('ERR_PARSE_ARGS')) {
      err(`labcheck: ${(e as Error).message}\nRun labcheck --help for usage.`);
      return 2;
    }
    throw e;
  }
}
