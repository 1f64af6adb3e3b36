/**
 * A one-node ONNX model, `out = Gather(table, indices)` on axis 0, encoded
 * by hand as protobuf (no download, no protobuf library): just the
 * ModelProto fields ONNX Runtime needs. Field numbers are those of onnx.proto.
 */

const encoder = new TextEncoder();

function varint(value: number): number[] {
  const bytes: number[] = [];
  while (value > 127) {
    bytes.push((value % 128) | 128);
    value = Math.floor(value / 128);
  }
  bytes.push(value);
  return bytes;
}

/** A varint field (wire type 0). */
const int = (field: number, value: number) => [...varint(field * 8), ...varint(value)];
/** A length-delimited field (wire type 2): bytes, a string or an embedded message. */
const bytes = (field: number, payload: number[]) => [...varint(field * 8 + 2), ...varint(payload.length), ...payload];
const text = (field: number, value: string) => bytes(field, [...encoder.encode(value)]);

/** TensorProto.DataType values used here. */
const FLOAT = 1;
const INT32 = 6;

/** ValueInfoProto { name = 1, type = 2 { tensor_type = 1 { elem_type = 1, shape = 2 { dim = 1 { dim_param = 2 } } } } } */
function valueInfo(name: string, elemType: number, dims: string[]): number[] {
  const shape = dims.flatMap((dim) => bytes(1, text(2, dim)));
  return [...text(1, name), ...bytes(2, bytes(1, [...int(1, elemType), ...bytes(2, shape)]))];
}

/**
 * The Gather model's bytes: inputs `table` float32 [V, D] and `indices`
 * int32 [N] (symbolic dims, so one session serves every shape), output
 * `out` float32 [N, D]; IR version 8, opset 13.
 *
 * @example
 * ```ts
 * const session = await ort.InferenceSession.create(gatherModel(), { executionProviders: ['webgpu'] });
 * ```
 */
export function gatherModel(): Uint8Array {
  // NodeProto { input = 1, output = 2, name = 3, op_type = 4 }
  const node = [...text(1, 'table'), ...text(1, 'indices'), ...text(2, 'out'), ...text(3, 'gather'), ...text(4, 'Gather')];
  // GraphProto { node = 1, name = 2, input = 11, output = 12 }
  const graph = [
    ...bytes(1, node),
    ...text(2, 'gather'),
    ...bytes(11, valueInfo('table', FLOAT, ['V', 'D'])),
    ...bytes(11, valueInfo('indices', INT32, ['N'])),
    ...bytes(12, valueInfo('out', FLOAT, ['N', 'D'])),
  ];
  // ModelProto { ir_version = 1, graph = 7, opset_import = 8 { domain = 1, version = 2 } }
  return new Uint8Array([...int(1, 8), ...bytes(7, graph), ...bytes(8, [...text(1, ''), ...int(2, 13)])]);
}
