/**
 * The embeddings notebook (shared/seed/embeddings-notebook.md and the cells
 * its newer version adds) as cells that run on the GPU. The `npm start`
 * replay (cli.ts) and the page (index.html, page.ts) both run these and
 * only differ in how they show them.
 */
import {
  cpu,
  Embedding,
  Flatten,
  gather,
  Input,
  matMul,
  memory,
  Model,
  oneHot,
  Sequential,
  tensor,
  type Shape,
  type Tensor,
} from '../index.js';
import { formatPrint, formatRepr, pythonTuple } from './format.js';
import { NotebookState, type Cell } from './state.js';

const vocab_size = 10;
const embedding_size = 4;

/** `print(t)`: reads the tensor and prints it as NumPy would. */
async function print(t: Tensor): Promise<string> {
  return formatPrint(await t.data(), t.shape, t.dtype);
}

/** A cell's value: NumPy's repr. */
async function repr(t: Tensor, indent = ''): Promise<string> {
  return formatRepr(await t.data(), t.shape, t.dtype, indent);
}

function silent(): void {}

/**
 * Reads `t` and compares it element by element with `expected`; a
 * disagreement fails the cell (and so the replay and the page) loudly.
 */
async function agrees(t: Tensor, expected: ArrayLike<number>, what: string): Promise<boolean> {
  const values = await t.data();
  const same = values.length === expected.length && values.every((v, i) => v === expected[i]);
  if (!same) throw new Error(`${what} disagrees: [${Array.from(values)}] vs [${Array.from(expected)}]`);
  return same;
}

/** The notebook, cell by cell. */
export const cells: readonly Cell[] = [
  {
    title: 'An embedding is a weight matrix',
    prose: 'We will use the embeddings through the whole lab. They are simply represented by a weight matrix:',
    code: `const embedding_size = 4;
const vocab_size = 10;
const embedding = tensor(
  Float32Array.from({ length: embedding_size * vocab_size }, (_, i) => i),
  [vocab_size, embedding_size]);
print(embedding);`,
    async run(s) {
      s.embedding = s.own(tensor(Float32Array.from({ length: embedding_size * vocab_size }, (_, i) => i), [vocab_size, embedding_size]));
      return print(s.embedding);
    },
  },
  {
    title: 'The one-hot encoding of a symbol',
    prose: 'To access the embedding for a given symbol i, you may compute a one-hot encoding of i, then a dot product with the embedding matrix, or simply index the embedding matrix by i.',
    code: `const i = 3;
const onehot = oneHot(i, 10);
onehot`,
    async run(s) {
      s.onehot = s.own(oneHot(3, 10));
      return repr(s.onehot);
    },
  },
  {
    title: 'Lookup by dot product (one-hot kernel + matMul kernel)',
    prose: 'The dot product of the one-hot vector with the matrix picks row i.',
    code: `const embedding_vector = matMul(onehot.reshape([1, 10]), embedding).reshape([4]);
print(embedding_vector);`,
    async run(s) {
      const row = s.own(s.onehot.reshape([1, vocab_size]));
      const product = s.own(matMul(row, s.embedding));
      return print(s.own(product.reshape([embedding_size])));
    },
  },
  {
    title: 'Lookup by index (gather kernel)',
    prose: 'Indexing gives the same row without the product.',
    code: `print(gather(embedding, i));`,
    async run(s) {
      return print(s.own(gather(s.embedding, 3)));
    },
  },
  {
    title: 'Both GPU kernels and the CPU reference agree',
    prose: 'Every row looked up both ways on the GPU and by the CPU reference, compared element by element.',
    code: `const ids = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
const byIndex = gather(embedding, ids);
const byDot = matMul(oneHot(ids, 10), embedding);
const byCpu = cpu.gather({ data: await embedding.data(), shape: [10, 4] }, ids);
equal(byIndex, byCpu.data) && equal(byDot, byCpu.data)`,
    async run(s) {
      const ids = Array.from({ length: vocab_size }, (_, i) => i);
      const byIndex = s.own(gather(s.embedding, ids));
      const hot = s.own(oneHot(ids, vocab_size));
      const byDot = s.own(matMul(hot, s.embedding));
      const byCpu = cpu.gather({ data: (await s.embedding.data()) as Float32Array, shape: [vocab_size, embedding_size] }, ids);
      const same = (await agrees(byIndex, byCpu.data, 'gather vs the CPU reference')) && (await agrees(byDot, byCpu.data, 'one-hot . matrix vs the CPU reference'));
      return [
        `gather (GPU)            row 3: ${formatPrint((await byIndex.data()).subarray(12, 16), [4])}`,
        `one-hot . matrix (GPU)  row 3: ${formatPrint((await byDot.data()).subarray(12, 16), [4])}`,
        `CPU reference           row 3: ${formatPrint(byCpu.data.subarray(12, 16), [4])}`,
        `all ${vocab_size} rows equal: ${same}`,
      ].join('\n');
    },
  },
  {
    title: 'The Embedding layer',
    prose: 'In Keras, embeddings have an extra parameter, inputLength, typically used with a sequence of symbols as input. In our case, the length will always be 1.',
    code: `let embedding_layer = new Embedding({
  outputDim: embedding_size, inputDim: vocab_size,
  inputLength: 1, name: 'my_embedding' });`,
    async run(s) {
      s.embedding_layer = new Embedding({ outputDim: embedding_size, inputDim: vocab_size, inputLength: 1, name: 'my_embedding' });
      return '';
    },
  },
  {
    title: 'The layer in a model',
    prose: "Let's use it as part of a model:",
    code: `const x = Input({ shape: [1], name: 'input' });
let model = new Model({ inputs: x, outputs: embedding_layer.apply(x) });
model.outputShape`,
    async run(s) {
      s.x = Input({ shape: [1], name: 'input' });
      s.model = s.own(new Model({ inputs: s.x, outputs: s.embedding_layer.apply(s.x) }));
      return pythonTuple(s.model.outputShape as Shape);
    },
  },
  {
    title: 'Random initial weights',
    prose: 'The embedding weights are randomly initialized:',
    code: `model.getWeights()`,
    async run(s) {
      const [weights] = s.model.getWeights().map((w) => s.own(w));
      return `[${await repr(weights, ' ')}]`.replace('[ array', '[array');
    },
  },
  {
    title: 'Predict',
    prose: 'Row 0 and row 3 of those weights:',
    code: `model.predict([[0],
               [3]])`,
    async run(s) {
      return repr(s.own(s.model.predict([[0], [3]]) as Tensor));
    },
  },
  {
    title: 'Flatten',
    prose: 'The output of an embedding layer is a 3-d tensor of shape (batch_size, sequence_length, embedding_size). To remove the sequence dimension, useless in our case, we use the Flatten layer (a view: no GPU copy).',
    code: `const y = new Flatten().apply(embedding_layer.apply(x));
let model2 = new Model({ inputs: x, outputs: y });
model2.outputShape`,
    async run(s) {
      const y = new Flatten().apply(s.embedding_layer.apply(s.x));
      s.model2 = s.own(new Model({ inputs: s.x, outputs: y }));
      return pythonTuple(s.model2.outputShape as Shape);
    },
  },
  {
    title: 'Predict without the sequence axis',
    prose: 'Note that we re-used the same embedding_layer instance in both model and model2: the two models share exactly the same weights in memory.',
    code: `model2.predict([[0],
                [3]])`,
    async run(s) {
      return repr(s.own(s.model2.predict([[0], [3]]) as Tensor));
    },
  },
  {
    title: 'A layer built from the matrix',
    prose: "The newer version of the notebook builds the layer from the fixed matrix instead of random weights. summary() lists the trainable parameters: 10 x 4.",
    code: `embedding_layer = new Embedding({
  outputDim: embedding_size, inputDim: vocab_size,
  weights: [embedding], inputLength: 1, name: 'my_embedding' });
model = new Model({ inputs: x, outputs: embedding_layer.apply(x) });
model.summary();`,
    async run(s) {
      s.embedding_layer = new Embedding({ outputDim: embedding_size, inputDim: vocab_size, weights: [s.embedding], inputLength: 1, name: 'my_embedding' });
      s.model = s.own(new Model({ inputs: s.x, outputs: s.embedding_layer.apply(s.x) }));
      return s.model.summary(silent);
    },
  },
  {
    title: 'Predict one label',
    prose: 'The embedding of label 3:',
    code: `model.predict([[3]])`,
    async run(s) {
      return repr(s.own(s.model.predict([[3]]) as Tensor));
    },
  },
  {
    title: 'Predict a batch',
    prose: 'A batch of labels, repeats allowed:',
    code: `model.predict([[3], [3], [0], [9]])`,
    async run(s) {
      return repr(s.own(s.model.predict([[3], [3], [0], [9]]) as Tensor));
    },
  },
  {
    title: 'A 1-D batch',
    prose: 'With Flatten, and a 1-D batch for an input of shape [1], as Keras allows:',
    code: `model2 = new Model({ inputs: x, outputs: new Flatten().apply(embedding_layer.apply(x)) });
model2.predict([3])`,
    async run(s) {
      s.model2 = s.own(new Model({ inputs: s.x, outputs: new Flatten().apply(s.embedding_layer.apply(s.x)) }));
      return repr(s.own(s.model2.predict([3]) as Tensor));
    },
  },
  {
    title: 'How many trainable parameters does model2 have?',
    prose: 'Flatten adds none: model2 has the same 40 parameters, those of the shared layer.',
    code: `model2.summary();`,
    async run(s) {
      return s.model2.summary(silent);
    },
  },
  {
    title: 'The two models share their weights',
    prose: 'Set the weights through model2 and observe them through model: both predict ones.',
    code: `model2.setWeights([tensor(new Float32Array(vocab_size * embedding_size).fill(1), [vocab_size, embedding_size])]);
print(model2.predict([[0], [3]]));
print(model.predict([[0], [3]]));`,
    async run(s) {
      const ones = s.own(tensor(new Float32Array(vocab_size * embedding_size).fill(1), [vocab_size, embedding_size]));
      s.model2.setWeights([ones]);
      const through2 = s.own(s.model2.predict([[0], [3]]) as Tensor);
      const through1 = s.own(s.model.predict([[0], [3]]) as Tensor);
      await agrees(through1, new Float32Array(2 * embedding_size).fill(1), 'model after model2.setWeights');
      return `${await print(through2)}\n${await print(through1)}`;
    },
  },
  {
    title: 'Home assignment: a Sequential model',
    prose: 'A third model built with the Sequential API from the same layer shares its weights too: it sees the ones, and restoring the matrix through it changes model as well.',
    code: `const model3 = new Sequential([embedding_layer, new Flatten()]);
print(model3.predict([[0], [3]]));
model3.setWeights([embedding]);
print(model.predict([[0], [3]]));`,
    async run(s) {
      s.model3 = s.own(new Sequential([s.embedding_layer, new Flatten()]));
      const before = s.own(s.model3.predict([[0], [3]]) as Tensor);
      await agrees(before, new Float32Array(2 * embedding_size).fill(1), 'model3 before setWeights');
      s.model3.setWeights([s.embedding]);
      const after = s.own(s.model.predict([[0], [3]]) as Tensor);
      await agrees(after, [0, 1, 2, 3, 12, 13, 14, 15], 'model after model3.setWeights');
      return `${await print(before)}\n${await print(after)}`;
    },
  },
  {
    title: 'Either kernel inside the layer',
    prose: "lookup: 'onehot' makes the layer multiply one-hot vectors with the matrix instead of indexing it: the same numbers as the model above.",
    code: `const onehot_layer = new Embedding({
  outputDim: embedding_size, inputDim: vocab_size,
  weights: [embedding], lookup: 'onehot', name: 'onehot_embedding' });
const onehot_model = new Model({ inputs: x, outputs: onehot_layer.apply(x) });
onehot_model.predict([[3], [3], [0], [9]])`,
    async run(s) {
      const layer = new Embedding({ outputDim: embedding_size, inputDim: vocab_size, weights: [s.embedding], lookup: 'onehot', name: 'onehot_embedding' });
      const onehotModel = s.own(new Model({ inputs: s.x, outputs: layer.apply(s.x) }));
      const byDot = s.own(onehotModel.predict([[3], [3], [0], [9]]) as Tensor);
      const byIndex = s.own(s.model.predict([[3], [3], [0], [9]]) as Tensor);
      await agrees(byDot, await byIndex.data(), "lookup: 'onehot' vs 'gather'");
      return repr(byDot);
    },
  },
  {
    title: 'Clean up',
    prose: 'Whoever creates a tensor or model disposes it; the layers go with the last model holding them. Nothing is left on the GPU.',
    code: `for (const t of tensors) t.dispose();
model.dispose(); model2.dispose(); model3.dispose(); onehot_model.dispose();
memory()`,
    async run(s) {
      s.dispose();
      const { numTensors, numBytes } = memory();
      return `{ numTensors: ${numTensors}, numBytes: ${numBytes} }`;
    },
  },
];

/** What running one cell gave. */
export interface CellResult {
  index: number;
  cell: Cell;
  output?: string;
  error?: Error;
}

/**
 * Runs every cell in order on the default device (call `getDevice()`
 * first), reporting each as it finishes. A failing cell is reported and the
 * rest still run; everything the cells made is freed at the end. `notebook`
 * replaces the cells (tests use it).
 *
 * @example
 * ```ts
 * await getDevice();
 * const results = await runNotebook((r) => console.log(r.output ?? r.error));
 * ```
 */
export async function runNotebook(onCell: (result: CellResult) => void = silent, notebook: readonly Cell[] = cells): Promise<CellResult[]> {
  const state = new NotebookState();
  const results: CellResult[] = [];
  try {
    for (const [index, cell] of notebook.entries()) {
      let result: CellResult;
      try {
        result = { index, cell, output: await cell.run(state) };
      } catch (error) {
        result = { index, cell, error: error instanceof Error ? error : new Error(String(error)) };
      }
      results.push(result);
      onCell(result);
    }
  } finally {
    state.dispose();
  }
  return results;
}
