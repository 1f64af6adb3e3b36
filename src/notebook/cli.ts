/**
 * `npm start`: replays the embeddings notebook cell by cell on the GPU in
 * Node.js, naming the adapter first, and exits non-zero if a cell failed.
 */
import { adapterInfo, getDevice } from '../index.js';
import { cells, runNotebook, type CellResult } from './cells.js';

function indent(text: string, prefix: string): string {
  return text.split('\n').map((line) => (line ? `${prefix}${line}` : line)).join('\n');
}

function show(result: CellResult): void {
  const n = result.index + 1;
  console.log(`\n## ${result.cell.title}\n`);
  console.log(`In [${n}]:`);
  console.log(indent(result.cell.code, '    '));
  if (result.error) console.log(`\nError in cell ${n}: ${result.error.stack ?? result.error.message}`);
  else if (result.output) console.log(`\nOut[${n}]:\n${result.output}`);
}

const started = performance.now();
// The adapter line below names the device, so the library's own fallback notice is not needed.
const device = await getDevice({ log: false });
const adapter = adapterInfo();
console.log(`WebGPU adapter: ${adapter.description || 'unnamed'} (${adapter.vendor || 'unknown vendor'}/${adapter.architecture || 'unknown architecture'}${adapter.software ? ', software' : ''})`);
console.log(`Replaying the embeddings notebook on the GPU: ${cells.length} cells.`);
const results = await runNotebook(show);
const failed = results.filter((r) => r.error);
console.log(`\n${results.length - failed.length} of ${results.length} cells ran on the GPU in ${Math.round(performance.now() - started)} ms${failed.length ? `; ${failed.length} failed` : ''}.`);
device.destroy();
// Dawn keeps Node alive while its instance is referenced; the replay is done.
process.exit(failed.length ? 1 : 0);
