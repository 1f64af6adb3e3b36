// gather from a compact table for any row length D: out[r, c] =
// table[indices[r], c] decoded to float32, as gather-compact-vec4.wgsl does
// for D a multiple of 4 (same formats, layout, buffers, strides, zero rows,
// reports and identity mode), but writing single values, since output rows
// then need not start on a vec4; a row's last values stop at D.

struct Params {
  total: u32,     // invocations = output rows * lanes
  quads: u32,     // groups of four values per output row: ceil(D / 4)
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
@group(0) @binding(3) var<storage, read_write> out: array<f32>;     // [output rows, dim]
@group(0) @binding(4) var<storage, read_write> status: array<atomic<u32>, 4>; // [bad count, first bad position, -, -]
@group(0) @binding(5) var<uniform> params: Params;                  // shapes

override WG: u32;
override VPT: u32;                        // units per invocation
override FORMAT: u32;                     // 0 float16, 1 int8
override UNIT: u32;                      // groups of four values per unit: 2 (float16) or 4 (int8)

// The t-th group of four values in `unit` (int8 as in gather-compact-vec4.wgsl: (q / 127) * (127 * scale)).
fn decode(unit: vec4u, t: u32, scale: f32) -> vec4f {
  if (FORMAT == 0u) {
    let pair = select(unit.xy, unit.zw, t == 1u);
    return vec4f(unpack2x16float(pair.x), unpack2x16float(pair.y));
  }
  return unpack4x8snorm(unit[t]) * (127.0 * scale);
}

// Writes group `quad` of the output row starting at `dst`, up to the row's end.
fn store(dst: u32, quad: u32, values: vec4f) {
  let first = quad * 4u;
  for (var c = first; c < min(first + 4u, params.dim); c++) { out[dst + c] = values[c - first]; }
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
  let dst = r * params.dim;
  let valid = row >= 0 && u32(row) < params.rows;
  if (!valid && params.reports == 0u) { return; }
  let local = u32(row) - params.rowStart;
  if (valid && local >= params.shardRows) { return; }
  var scale = 1.0;
  if (valid && FORMAT == 1u) { scale = scales[local]; }
  for (var k = 0u; k < VPT; k++) {
    let u = j + k * params.lanes;
    if (u >= params.units) { break; }
    // A bad index: a zero row, never the table read outside its rows.
    var unit = vec4u(0u);
    if (valid) { unit = table[local * params.units + u]; }
    for (var t = 0u; t < UNIT; t++) {
      let quad = u * UNIT + t;
      if (quad < params.quads) { store(dst, quad, select(vec4f(0.0), decode(unit, t, scale), valid)); }
    }
  }
  if (!valid && j == 0u) {
    atomicAdd(&status[0], 1u);
    atomicMin(&status[1], r);
  }
}
