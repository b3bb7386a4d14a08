// A Jupyter notebook (.ipynb) as a program: its code cells joined in order, one blank line
// between cells, IPython magics left out (`%line` and `!shell` lines, and whole `%%cell` cells),
// since plain Python cannot run them. Markdown and raw cells are not code.
import { z } from 'zod';

const NotebookSchema = z.object({
  cells: z.array(
    z.object({
      cell_type: z.string(),
      source: z.union([z.string(), z.array(z.string())]),
    }),
  ),
});

/** Whether a line is an IPython magic or shell escape (after its indentation). */
function isMagic(line: string): boolean {
  return /^\s*[%!]/.test(line);
}

/** The Python program of a notebook's JSON text; throws with a plain reason if it is not a notebook. */
export function notebookToPython(text: string): string {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new Error(`it is not valid JSON (${(e as Error).message})`);
  }
  const parsed = NotebookSchema.safeParse(data);
  if (!parsed.success) throw new Error('it is not a Jupyter notebook (no list of cells with cell_type and source)');
  const cells: string[] = [];
  for (const cell of parsed.data.cells) {
    if (cell.cell_type !== 'code') continue;
    const source = Array.isArray(cell.source) ? cell.source.join('') : cell.source;
    if (/^\s*%%/.test(source)) continue; // a cell magic: the whole cell is not Python
    const lines = source.split(/\r?\n/).map((line) => (isMagic(line) ? line.replace(/^(\s*)\S.*$/, '$1pass  # IPython magic left out') : line));
    const code = lines.join('\n').replace(/\s+$/, '');
    if (code !== '') cells.push(code);
  }
  return cells.join('\n\n') + '\n';
}

/** The file name the converted program gets in the scratch copy: server.ipynb -> server.py,
 *  unless the folder already has a server.py (then server_ipynb.py). */
export function notebookProgramName(entryName: string, existing: (name: string) => boolean): string {
  const stem = entryName.replace(/\.ipynb$/i, '');
  return existing(`${stem}.py`) ? `${stem}_ipynb.py` : `${stem}.py`;
}
