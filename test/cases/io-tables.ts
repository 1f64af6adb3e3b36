/**
 * Tables from files: .npy and safetensors fixtures written by the tests
 * from the formats' specifications (every supported element type, byte
 * order, header version, Fortran order, a table split across GPU buffers),
 * the library's writers read back by the tests' own readers, and bad files
 * refused with a FormatError that names the file, the field and the value.
 */
import { loadNpy, loadSafetensors, safetensorsMetadata, saveNpy, saveSafetensors, tensor, Tensor } from '../../src/index.js';
import { withBufferLimit } from '../support/buffer-limit.js';
import { recordWrites } from '../support/gpu-calls.js';
import { assert, assertAllClose, assertShape } from '../support/close.js';
import { expectFormatError } from '../support/expect-format.js';
import { expectTensor } from '../support/expect.js';
import {
  elementBytes,
  fortranPositions,
  npyDict,
  npyFile,
  parseNpyFile,
  parseSafetensorsFile,
  joined,
  safetensorsFile,
  safetensorsWithHeader,
  storedValues,
  type Kind,
} from '../support/formats.js';
import { randomFloats } from '../support/random.js';
import type { Case } from './case.js';

const size = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);

const npyKinds: [Kind, string][] = [['f4', 'f4'], ['f2', 'f2'], ['f8', 'f8'], ['i4', 'i4'], ['i8', 'i8']];

function npyCase(kind: Kind, code: string, shape: number[], options: { version?: 1 | 2 | 3; littleEndian?: boolean; fortran?: boolean } = {}): Case {
  const { version = 1, littleEndian = true, fortran = false } = options;
  const descr = `${littleEndian ? '<' : '>'}${code}`;
  return {
    name: `loadNpy '${descr}' v${version}.0 shape (${shape.join(', ')})${fortran ? ' Fortran order' : ''}: the values the file's bytes stand for`,
    run: async (rng) => {
      const { stored, expected } = storedValues(rng, kind, size(shape));
      // A Fortran-order file stores element [i, j, ...] with the first axis fastest.
      const layout = fortran ? fortranPositions(shape) : null;
      const fileOrder = layout ? layout.map((c) => stored[c]) : stored;
      const bytes = npyFile(npyDict(descr, shape, fortran), elementBytes(kind, fileOrder, littleEndian), { version });
      const t = loadNpy(bytes, { name: 'fixture.npy' });
      assert(t.dtype === (kind === 'i4' || kind === 'i8' ? 'int32' : 'float32'), `dtype ${t.dtype}`);
      await expectTensor(t, { data: expected, shape }, descr);
    },
  };
}

const goodNpy = () => npyFile(npyDict('<f4', [2, 3]), elementBytes('f4', [1, 2, 3, 4, 5, 6]));

/** A .npy fixture with one thing wrong, and the error it must meet. */
const badNpy: { name: string; bytes: () => Uint8Array; field: string; value: string; text?: string }[] = [
  { name: 'five bytes', bytes: () => goodNpy().subarray(0, 5), field: 'magic', value: '5 bytes' },
  { name: 'no magic string', bytes: () => Object.assign(goodNpy(), { 1: 0x4f }), field: 'magic', value: '93 4f 55 4d 50 59' },
  { name: 'version 4.0', bytes: () => Object.assign(goodNpy(), { 6: 4 }), field: 'version', value: '4.0' },
  { name: 'a header length beyond the file', bytes: () => npyFile(npyDict('<f4', [2, 3]), new Uint8Array(24), { headerLength: 60000 }), field: 'header length', value: '60000' },
  { name: 'a header over 100 MB', bytes: () => npyFile(npyDict('<f4', [2]), new Uint8Array(8), { version: 2, headerLength: 200_000_000 }), field: 'header length', value: '200000000' },
  { name: 'a header that is a list', bytes: () => npyFile("['descr', '<f4']", new Uint8Array(0)), field: 'header', value: '"[\'descr\', \'<f4\']"', text: 'Python dict literal' },
  { name: 'a missing key', bytes: () => npyFile("{'descr': '<f4', 'shape': (2,), }", new Uint8Array(8)), field: 'header keys', value: '["descr", "shape"]' },
  { name: "descr '<u1'", bytes: () => npyFile(npyDict('<u1', [2]), new Uint8Array(2)), field: 'header.descr', value: "'<u1'" },
  { name: "descr '|b1'", bytes: () => npyFile(npyDict('|b1', [2]), new Uint8Array(2)), field: 'header.descr', value: "'|b1'" },
  { name: 'a negative dimension', bytes: () => npyFile("{'descr': '<f4', 'fortran_order': False, 'shape': (3, -1), }", new Uint8Array(0)), field: 'header.shape', value: '(3, -1)' },
  { name: 'NaN in the shape', bytes: () => npyFile("{'descr': '<f4', 'fortran_order': False, 'shape': (3, nan), }", new Uint8Array(0)), field: 'header.shape', value: '(3, nan)' },
  { name: 'a non-integer dimension', bytes: () => npyFile("{'descr': '<f4', 'fortran_order': False, 'shape': (2.5,), }", new Uint8Array(0)), field: 'header.shape', value: '(2.5,)' },
  { name: 'a shape that is not a tuple', bytes: () => npyFile("{'descr': '<f4', 'fortran_order': False, 'shape': 'big', }", new Uint8Array(0)), field: 'header.shape', value: "'big'" },
  { name: 'fortran_order not a bool', bytes: () => npyFile("{'descr': '<f4', 'fortran_order': 1, 'shape': (2,), }", new Uint8Array(8)), field: 'header.fortran_order', value: '1' },
  { name: 'truncated data', bytes: () => goodNpy().subarray(0, goodNpy().length - 3), field: 'data', value: '21 bytes', text: 'truncated' },
  { name: 'bytes after the data', bytes: () => npyFile(npyDict('<f4', [2, 3]), new Uint8Array(28)), field: 'data', value: '28 bytes' },
  { name: 'an int64 beyond int32', bytes: () => npyFile(npyDict('<i8', [3]), elementBytes('i8', [1n, 2n, 2n ** 32n])), field: 'data', value: '4294967296', text: 'at [2]' },
  { name: 'a float64 beyond float32', bytes: () => npyFile(npyDict('<f8', [2, 2]), elementBytes('f8', [1, 2, 3, 1e300])), field: 'data', value: '1e+300', text: 'at [1, 1]' },
];

const f32 = (values: number[]) => elementBytes('f4', values);
const goodTensors = () => ({ a: { dtype: 'F32', shape: [2], bytes: f32([1, 2]) }, b: { dtype: 'I32', shape: [1], bytes: elementBytes('i4', [7]) } });

/** A safetensors fixture with one thing wrong, and the error it must meet. */
const badSafetensors: { name: string; bytes: () => Uint8Array; field: string; value: string; text?: string }[] = [
  { name: 'seven bytes', bytes: () => new Uint8Array(7), field: 'header length', value: '7 bytes' },
  {
    name: 'a header length beyond the file',
    bytes: () => Object.assign(safetensorsFile(goodTensors()), { 0: 0xff, 1: 0x0f }),
    field: 'header length',
    value: String(0x0fff + 0),
  },
  { name: 'a header over 100 MB', bytes: () => Object.assign(new Uint8Array(16), { 3: 0x10 }), field: 'header length', value: String(0x10000000) },
  { name: 'a header that is not JSON', bytes: () => safetensorsWithHeader('{"a": [1, 2'), field: 'header', value: '"{\\"a\\": [1, 2"', text: 'JSON' },
  { name: 'a header that is a JSON array', bytes: () => safetensorsWithHeader('[1, 2]'), field: 'header', value: '"[1, 2]"' },
  { name: 'an entry that is a number', bytes: () => safetensorsWithHeader('{"a": 3}'), field: 'header["a"]', value: '3' },
  { name: 'an unknown dtype', bytes: () => safetensorsFile(goodTensors(), { edit: (h) => ((h.a as any).dtype = 'F33') }), field: 'header["a"].dtype', value: '"F33"' },
  { name: 'an unsupported dtype', bytes: () => safetensorsFile({ u: { dtype: 'U8', shape: [2], bytes: new Uint8Array(2) } }), field: 'header["u"].dtype', value: '"U8"' },
  { name: 'a negative dimension', bytes: () => safetensorsFile(goodTensors(), { edit: (h) => ((h.a as any).shape = [-2]) }), field: 'header["a"].shape', value: '[-2]' },
  { name: 'a non-integer dimension', bytes: () => safetensorsFile(goodTensors(), { edit: (h) => ((h.a as any).shape = [1.5]) }), field: 'header["a"].shape', value: '[1.5]' },
  { name: 'a dimension given as text', bytes: () => safetensorsFile(goodTensors(), { edit: (h) => ((h.a as any).shape = ['2']) }), field: 'header["a"].shape', value: '["2"]' },
  { name: 'offsets out of order', bytes: () => safetensorsFile(goodTensors(), { edit: (h) => ((h.a as any).data_offsets = [8, 0]) }), field: 'header["a"].data_offsets', value: '[8, 0]' },
  {
    name: 'overlapping offsets',
    bytes: () => safetensorsFile({ a: { dtype: 'F32', shape: [2], bytes: f32([1, 2]) }, b: { dtype: 'F32', shape: [2], bytes: f32([3, 4]) } }, { edit: (h) => ((h.b as any).data_offsets = [4, 12]) }),
    field: 'header["b"].data_offsets',
    value: '[4, 12]',
    text: 'overlap',
  },
  {
    name: 'a hole between tensors',
    bytes: () => safetensorsFile({ a: { dtype: 'F32', shape: [1], bytes: f32([1, 2]) }, b: { dtype: 'F32', shape: [1], bytes: f32([3]) } }, { edit: (h) => ((h.a as any).data_offsets = [0, 4]) }),
    field: 'header["b"].data_offsets',
    value: '[8, 12]',
    text: 'hole',
  },
  { name: 'a shape whose bytes disagree with the offsets', bytes: () => safetensorsFile(goodTensors(), { edit: (h) => ((h.a as any).shape = [3]) }), field: 'header["a"].data_offsets', value: '[0, 8]', text: 'needs 12 bytes' },
  { name: 'truncated data', bytes: () => safetensorsFile(goodTensors()).subarray(0, -2), field: 'header["b"].data_offsets', value: '[8, 12]', text: 'truncated' },
  { name: 'bytes after the last tensor', bytes: () => joined(safetensorsFile(goodTensors()), new Uint8Array(4)), field: 'data', value: '16 bytes' },
  { name: 'metadata that is not text', bytes: () => safetensorsFile(goodTensors(), { edit: (h) => (h.__metadata__ = { epochs: 3 }) }), field: 'header.__metadata__', value: '{"epochs": 3}' },
  { name: 'an int64 beyond int32', bytes: () => safetensorsFile({ ids: { dtype: 'I64', shape: [2], bytes: elementBytes('i8', [5n, -(2n ** 40n)]) } }), field: 'header["ids"]', value: String(-(2n ** 40n)), text: 'at [1]' },
];

export const cases: Case[] = [
  ...npyKinds.map(([kind, code]) => npyCase(kind, code, [13, 7])),
  npyCase('f4', 'f4', [5, 3, 2], { version: 2 }),
  npyCase('f4', 'f4', [9], { version: 3 }),
  npyCase('f4', 'f4', [4, 6], { littleEndian: false }),
  npyCase('i8', 'i8', [3, 5], { littleEndian: false }),
  npyCase('f2', 'f2', [6, 5], { littleEndian: false }),
  npyCase('f4', 'f4', [5, 7], { fortran: true }),
  npyCase('i8', 'i8', [2, 3, 4], { fortran: true }),
  npyCase('f4', 'f4', []),
  npyCase('f4', 'f4', [0, 4]),
  {
    name: 'saveNpy: float32 and int32 tensors as NumPy writes them (v1.0 header padded to 64 bytes, C order), and back through loadNpy',
    run: async (rng) => {
      for (const [t, descr] of [
        [tensor(randomFloats(rng, 35), [7, 5]), '<f4'],
        [tensor(Int32Array.from({ length: 6 }, (_, i) => i * 1000 - 2500), [6], 'int32'), '<i4'],
      ] as const) {
        const bytes = await saveNpy(t);
        const { version, header, dataOffset } = parseNpyFile(bytes);
        assert(version === 1 && dataOffset % 64 === 0 && header.endsWith('\n'), `version ${version}, data at ${dataOffset}`);
        assert(header.startsWith(npyDict(descr, t.shape)), `header ${JSON.stringify(header)}`);
        const values = await t.data();
        assertAllClose(new Uint8Array(bytes.buffer, bytes.byteOffset + dataOffset), new Uint8Array(values.buffer), `${descr} bytes`);
        await expectTensor(loadNpy(bytes), { data: values, shape: t.shape }, `${descr} round trip`);
        t.dispose();
      }
    },
  },
  {
    name: 'loadNpy: a table larger than one GPU buffer loads split by rows, float32 from views and float16 converted, same values',
    run: async (rng) => {
      await withBufferLimit(256, async () => {
        for (const kind of ['f4', 'f2'] as const) {
          const shape = [40, 7];
          const { stored, expected } = storedValues(rng, kind, size(shape));
          // An odd offset into a larger buffer: the reader must respect byteOffset.
          const file = npyFile(npyDict(`<${kind}`, shape), elementBytes(kind, stored));
          const padded = new Uint8Array(file.length + 3);
          padded.set(file, 3);
          const t = loadNpy(padded.subarray(3));
          assert(t.shards.length === Math.ceil(40 / Math.floor(256 / 28)), `${kind}: ${t.shards.length} buffers`);
          await expectTensor(t, { data: expected, shape }, `${kind} split table`);
        }
      });
    },
  },
  {
    name: 'loadNpy: a table over the GPU buffer limit uploads from views of the file\'s bytes (float32) or 4 MiB converted chunks (float16), never a second full copy',
    run: async (rng) => {
      const shape = [2048, 1024];
      await withBufferLimit(3 * 2 ** 20, async () => {
        for (const kind of ['f4', 'f2'] as const) {
          const { stored, expected } = storedValues(rng, kind, size(shape));
          const file = npyFile(npyDict(`<${kind}`, shape), elementBytes(kind, stored));
          const { result: t, writes } = recordWrites(() => loadNpy(file));
          assert(t.shards.length === 3, `${kind}: ${t.shards.length} buffers`);
          const written = writes.reduce((n, w) => n + w.byteLength, 0);
          assert(written === 8 * 2 ** 20, `${kind}: ${written} bytes written`);
          for (const w of writes) {
            if (kind === 'f4') assert(w.data === file.buffer && w.byteOffset >= 64, `float32 written from a copy (${w.byteLength} bytes), not from the file's bytes`);
            else assert(w.data !== file.buffer && w.byteLength <= 4 * 2 ** 20, `float16 converted in a chunk of ${w.byteLength} bytes`);
          }
          await expectTensor(t, { data: expected, shape }, `${kind} large table`);
        }
      });
    },
  },
  ...badNpy.map(
    (bad): Case => ({
      name: `loadNpy refuses ${bad.name}: FormatError naming the file, "${bad.field}" and the value; nothing uploaded`,
      run: async () => {
        expectFormatError(() => loadNpy(bad.bytes(), { name: 'bad.npy' }), { file: 'bad.npy', field: bad.field, value: bad.value, text: bad.text }, bad.name);
      },
    }),
  ),
  {
    name: 'loadSafetensors: F32, F16, BF16, F64, I32 and I64 tensors, data laid out in another order than the header, metadata kept',
    run: async (rng) => {
      const shapes: Record<string, [Kind, string, number[]]> = {
        weights: ['f4', 'F32', [6, 5]],
        half: ['f2', 'F16', [3, 7]],
        brain: ['bf16', 'BF16', [11]],
        double: ['f8', 'F64', [2, 2, 2]],
        ids: ['i4', 'I32', [9]],
        longs: ['i8', 'I64', [4, 3]],
        scalar: ['f4', 'F32', []],
        empty: ['f4', 'F32', [0, 3]],
        ['__proto__']: ['i4', 'I32', [2]],
      };
      const tensors: Record<string, { dtype: string; shape: number[]; bytes: Uint8Array }> = {};
      const expected: Record<string, number[]> = {};
      for (const [name, [kind, dtype, shape]] of Object.entries(shapes)) {
        const { stored, expected: values } = storedValues(rng, kind, size(shape));
        Object.defineProperty(tensors, name, { value: { dtype, shape, bytes: elementBytes(kind, stored) }, enumerable: true });
        Object.defineProperty(expected, name, { value: values, enumerable: true });
      }
      const order = Object.keys(tensors).reverse();
      const bytes = safetensorsFile(tensors, { order, metadata: { format: 'pt', note: 'written by the test' } });
      const loaded = loadSafetensors(bytes, { name: 'fixture.safetensors' });
      assert(Object.getPrototypeOf(loaded) === Object.prototype && Object.hasOwn(loaded, '__proto__'), 'a tensor named __proto__ is an entry, not a prototype');
      assert(Object.keys(loaded).sort().join() === Object.keys(tensors).sort().join(), `names ${Object.keys(loaded)}`);
      for (const [name, [kind, , shape]] of Object.entries(shapes)) {
        const t = loaded[name];
        assert(t instanceof Tensor && t.dtype === (kind.startsWith('i') ? 'int32' : 'float32'), `${name}: ${t}`);
        await expectTensor(t, { data: expected[name], shape }, name);
      }
      const metadata = safetensorsMetadata(bytes);
      assert(metadata.format === 'pt' && metadata.note === 'written by the test' && Object.keys(metadata).length === 2, JSON.stringify(metadata));
    },
  },
  {
    name: 'saveSafetensors: the spec\'s layout (8-byte length, JSON header padded to 8, data covered exactly), metadata, and back through loadSafetensors',
    run: async (rng) => {
      const table = tensor(randomFloats(rng, 24), [8, 3]);
      const ids = tensor(new Int32Array([3, -1, 5]), [3], 'int32');
      const bytes = await saveSafetensors({ table, ids }, { metadata: { source: 'webgpu-embeddings' } });
      const { header, data } = parseSafetensorsFile(bytes);
      assert((bytes.length - data.length) % 8 === 0, 'data starts at a multiple of 8');
      assert(header.__metadata__.source === 'webgpu-embeddings', JSON.stringify(header.__metadata__));
      assert(header.table.dtype === 'F32' && header.ids.dtype === 'I32', JSON.stringify(header));
      assertShape(header.table.shape, [8, 3], 'table shape');
      const spans = [header.table.data_offsets, header.ids.data_offsets].sort((a, b) => a[0] - b[0]);
      assert(spans[0][0] === 0 && spans[0][1] === spans[1][0] && spans[1][1] === data.length, `offsets ${JSON.stringify(spans)}`);
      const tableValues = await table.data();
      assertAllClose(new Float32Array(data.slice(header.table.data_offsets[0], header.table.data_offsets[1]).buffer), tableValues, 'table bytes');
      const back = loadSafetensors(bytes);
      assert(Object.keys(safetensorsMetadata(await saveSafetensors(back))).length === 0, 'no metadata unless given');
      await expectTensor(back.table, { data: tableValues, shape: [8, 3] }, 'table round trip');
      await expectTensor(back.ids, { data: [3, -1, 5], shape: [3] }, 'ids round trip');
      table.dispose();
      ids.dispose();
    },
  },
  {
    name: 'loadSafetensors: tensors larger than one GPU buffer load split by rows (F32 views, BF16 converted)',
    run: async (rng) => {
      await withBufferLimit(128, async () => {
        const a = storedValues(rng, 'f4', 30 * 5);
        const b = storedValues(rng, 'bf16', 30 * 5);
        const bytes = safetensorsFile({ a: { dtype: 'F32', shape: [30, 5], bytes: elementBytes('f4', a.stored) }, b: { dtype: 'BF16', shape: [30, 5], bytes: elementBytes('bf16', b.stored) } });
        const loaded = loadSafetensors(bytes);
        for (const [name, values] of [['a', a.expected], ['b', b.expected]] as const) {
          assert(loaded[name].shards.length === 5, `${name}: ${loaded[name].shards.length} buffers`);
          await expectTensor(loaded[name], { data: values, shape: [30, 5] }, name);
        }
      });
    },
  },
  ...badSafetensors.map(
    (bad): Case => ({
      name: `loadSafetensors refuses ${bad.name}: FormatError naming the file, "${bad.field}" and the value; nothing uploaded`,
      run: async () => {
        expectFormatError(() => loadSafetensors(bad.bytes(), { name: 'bad.safetensors' }), { file: 'bad.safetensors', field: bad.field, value: bad.value, text: bad.text }, bad.name);
      },
    }),
  ),
];
