/**
 * index.html: the notebook as a live page. Each cell shows its code and the
 * output the GPU produced; errors (a failing cell, no WebGPU, anything
 * uncaught) are shown in the page. The outcome is published on
 * `window.__notebook` for the headless test.
 */
import { adapterInfo, getDevice } from '../index.js';
import { runNotebook, type CellResult } from './cells.js';
import { mountNeighbours } from './neighbours.js';
import { mountWordVectors } from './word-vectors-section.js';

/** What the page reports when it is done. */
export interface NotebookReport {
  adapter: string;
  cells: number;
  errors: string[];
}

declare global {
  interface Window {
    __notebook?: NotebookReport;
  }
}

const status = document.getElementById('status')!;
const notebook = document.getElementById('notebook')!;
const errors: string[] = [];

function element<K extends keyof HTMLElementTagNameMap>(tag: K, className: string, text: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  node.className = className;
  node.textContent = text;
  return node;
}

function showError(where: string, error: unknown): void {
  const message = error instanceof Error ? error.stack ?? error.message : String(error);
  errors.push(`${where}: ${message}`);
  notebook.append(element('pre', 'error', `${where}: ${message}`));
}

function showCell(result: CellResult): void {
  const n = result.index + 1;
  const section = document.createElement('section');
  section.className = 'cell';
  section.dataset.cell = String(n);
  section.append(element('h2', 'title', result.cell.title), element('p', 'prose', result.cell.prose));
  section.append(element('div', 'prompt', `In [${n}]:`), element('pre', 'code', result.cell.code));
  if (result.error) {
    errors.push(`cell ${n}: ${result.error.message}`);
    section.append(element('pre', 'error', `${result.error.name}: ${result.error.message}`));
  } else if (result.output) {
    section.append(element('div', 'prompt', `Out[${n}]:`), element('pre', 'output', result.output));
  }
  notebook.append(section);
}

window.addEventListener('error', (event) => showError('uncaught error', event.error ?? event.message));
window.addEventListener('unhandledrejection', (event) => showError('unhandled rejection', event.reason));

async function main(): Promise<NotebookReport> {
  await getDevice();
  const info = adapterInfo();
  const adapter = `${info.description || 'WebGPU adapter'} (${info.vendor}/${info.architecture})`;
  status.textContent = `Running on ${adapter}…`;
  const results = await runNotebook(showCell);
  await mountNeighbours(document.getElementById('neighbours')!);
  await mountWordVectors(document.getElementById('word-vectors')!);
  const failed = results.filter((r) => r.error).length;
  status.textContent = `${results.length - failed} of ${results.length} cells ran on ${adapter}${failed ? `; ${failed} failed` : ''}.`;
  return { adapter, cells: results.length, errors };
}

main()
  .catch((error: unknown) => {
    showError('The notebook could not run', error);
    status.textContent = 'The notebook could not run: see the error below.';
    return { adapter: '', cells: 0, errors };
  })
  .then((report) => {
    window.__notebook = report;
  });
