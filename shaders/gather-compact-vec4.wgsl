// gather from a compact table, vectorised, for rows of whole vec4s (D a
// multiple of 4): out[r, c] = table[indices[r], c] decoded to float32. Each
// row is stored in units of 16 bytes (one vec4<u32>; rows padded to whole
// units): FORMAT 0, float16: eight halves (value c in half c % 2 of word
// c / 2), read with unpack2x16float, so it works on every adapter, with or
// without the shader-f16 feature; FORMAT 1, int8: sixteen values (value c
// in byte c % 4 of word c / 4, in [-127, 127]), times the row's float32
// scale (the product may differ from q * scale by an ulp or two: it is
// computed as (q / 127) * (127 * scale)). One load of a unit gives UNIT
// vec4s of the output (2 or 4).
//
// Each invocation decodes up to VPT units of one output row, at units j,
// j + lanes, ..., as the float32 gather-vec4-strided.wgsl moves vec4s: the
// per-invocation cost (the index load, the division that finds the row) is
// paid once per VPT units, and neighbouring invocations still touch
// neighbouring units. As in gather.wgsl: one dispatch per buffer of a table
// split by rows, and an index outside [0, rows) gives a zero row (written
// and counted by the dispatch flagged `reports`). With `identity`, output
// row r is table row firstRow + r and there are no indices: the decoding of
// a whole table.

struct Params {
  total: u32,     // invocations = output rows * lanes
  quads: u32,     // vec4s per output row: D / 4
  dim: u32,       // row length D
  units: u32,     // units per stored row: ceil(quads / UNIT)
  rows: u32,      // table rows V (all buffers)
  rowStart: u32,  // first table row held by this dispatch's buffers
  shardRows: u32, // rows they hold
  reports: u32,   // 1: this dispatch writes zero rows for bad indices and counts them
  lanes: u32,     // invocations per output row: ceil(units / VPT)
  identity: u32,  // 1: output row r is table row firstRow + r
  firstRow: u32,  // see identity
}

@group(0) @binding(0) var<storage, read> table: array<vec4u>;       // this buffer's rows: [shardRows, units]
@group(0) @binding(1) var<storage, read> scales: array<f32>;        // int8: this buffer's rows' scales [shardRows] (float16: unused)
@group(0) @binding(2) var<storage, read> indices: array<i32>;       // flat (unused with identity)
@group(0) @binding(3) var<storage, read_write> out: array<vec4f>;   // [output rows, quads]
@group(0) @binding(4) var<storage, read_write> status: array<atomic<u32>, 4>; // [bad count, first bad position, -, -]
@group(0) @binding(5) var<uniform> params: Params;                  // shapes

override WG: u32;
override VPT: u32;                        // units per invocation
override FORMAT: u32;                     // 0 float16, 1 int8
override UNIT: u32;                      // vec4s of values per unit: 2 (float16) or 4 (int8)

// Decodes `unit` into the output's vec4s c, c + 1, ... (those before `end`). Written out per format: a
// loop over the unit's vec4s with a select between them measured 1.5x slower on SwiftShader, and int8 through
// unpack4x8snorm (q / 127, then times 127 * scale) 10% faster than shifting the bytes out.
fn writeUnit(unit: vec4u, c: u32, end: u32, scale: f32) {
  if (FORMAT == 0u) {
    out[c] = vec4f(unpack2x16float(unit.x), unpack2x16float(unit.y));
    if (c + 1u < end) { out[c + 1u] = vec4f(unpack2x16float(unit.z), unpack2x16float(unit.w)); }
    return;
  }
  let step = 127.0 * scale;
  for (var t = 0u; t < 4u; t++) {
    if (c + t < end) { out[c + t] = unpack4x8snorm(unit[t]) * step; }
  }
}

@compute @workgroup_size(WG)
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u,
        @builtin(local_invocation_index) lid: u32) {
  let i = (wid.x + wid.y * nwg.x) * WG + lid;
  if (i >= params.total) { return; }
  let r = i / params.lanes;
  let j = i - r * params.lanes;
  var row = i32(params.firstRow + r);
  if (params.identity == 0u) { row = indices[r]; }
  let dst = r * params.quads;
  if (row < 0 || u32(row) >= params.rows) {
    if (params.reports == 0u) { return; }
    for (var k = 0u; k < VPT * UNIT; k++) {
      let c = (j + (k / UNIT) * params.lanes) * UNIT + k % UNIT;
      if (c < params.quads) { out[dst + c] = vec4f(0.0); }
    }
    if (j == 0u) {
      atomicAdd(&status[0], 1u);
      atomicMin(&status[1], r);
    }
    return;
  }
  // Below rowStart the subtraction wraps to a huge value, so one comparison selects this buffer.
  let local = u32(row) - params.rowStart;
  if (local >= params.shardRows) { return; }
  var scale = 1.0;
  if (FORMAT == 1u) { scale = scales[local]; }
  for (var k = 0u; k < VPT; k++) {
    let u = j + k * params.lanes;
    if (u >= params.units) { break; }
    writeUnit(table[local * params.units + u], dst + u * UNIT, dst + params.quads, scale);
  }
}
