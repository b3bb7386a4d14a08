// labcheck's command line: list, test, judge, ref.
import { loadCatalog } from '../scenario/catalog.js';
import { listCommand } from './list-command.js';
import { refCommand } from './ref-command.js';
import { testCommand } from './test-command.js';
import { judgeCommand } from './judge-command.js';
import { USAGE, UsageError } from './usage.js';

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const out = (s: string) => process.stdout.write(s + '\n');
  const err = (s: string) => process.stderr.write(s + '\n');
  try {
    if (!command || command === '--help' || command === '-h' || command === 'help') {
      out(USAGE);
      return command ? 0 : 2;
    }
    let catalog;
    try {
      catalog = loadCatalog();
    } catch (e) {
      err(`labcheck: the scenario files are broken: ${(e as Error).message}`);
      return 2;
    }
    switch (command) {
      case 'list':
        return listCommand(rest, catalog, out);
      case 'test':
        return await testCommand(rest, catalog, { out, err, color: Boolean(process.stdout.isTTY) && !process.env.NO_COLOR });
      case 'judge':
        return await judgeCommand(rest, catalog, { out, err, color: Boolean(process.stdout.isTTY) && !process.env.NO_COLOR });
      case 'ref': {
        const code = await refCommand(rest, catalog);
        process.exit(code); // stdin may still hold the event loop open
      }
      default:
        throw new UsageError(`unknown command ${command}`);
    }
  } catch (e) {
    if (e instanceof UsageError || (e as NodeJS.ErrnoException).code?.startsWith?.('ERR_PARSE_ARGS')) {
      err(`labcheck: ${(e as Error).message}\nRun labcheck --help for usage.`);
      return 2;
    }
    throw e;
  }
}
