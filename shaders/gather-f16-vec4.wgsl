// gather from a float16 table, vectorised, for rows of whole vec4s (D a
// multiple of 4): out[r, c] = table[indices[r], c] as float32. The table
// holds each row's halves four per vec2<u32> (value c in half c % 2 of word
// c / 2; rows padded to whole vec2s), read with unpack2x16float, so it works
// on every adapter, with or without the shader-f16 feature. Each invocation
// writes up to VPT vec4s of one output row, at columns j, j + lanes, ...,
// as the float32 gather-vec4-strided.wgsl does: the per-invocation cost (the
// index load, the division that finds the row) is paid once per VPT vec4s,
// and neighbouring invocations still touch neighbouring words.
//
// As in gather.wgsl: one dispatch per buffer of a table split by rows, an
// index outside [0, rows) gives a zero row (written and counted by the
// dispatch flagged `reports`). With `identity`, output row r is table row
// firstRow + r and there are no indices: the decoding of a whole table.

struct Params {
  total: u32,     // invocations = output rows * lanes
  quads: u32,     // vec4s per row: D / 4
  dim: u32,       // row length D
  rows: u32,      // table rows V (all buffers)
  rowStart: u32,  // first table row held by this dispatch's buffer
  shardRows: u32, // rows it hold
  reports: u32,   // 1: this dispatch writes zero rows for bad indices and counts them
  lanes: u32,     // invocations per output row: ceil(quads / VPT)
  identity: u32,  // 1: output row r is table row firstRow + r
  firstRow: u32,  // see identity
}

@group(0) @binding(0) var<storage, read> table: array<vec2u>;       // this buffer's rows: [shardRows, quads], four halves each
@group(0) @binding(1) var<storage, read> indices: array<i32>;       // flat (unused with identity)
@group(0) @binding(2) var<storage, read_write> out: array<vec4f>;   // [output rows, quads]
@group(0) @binding(3) var<storage, read_write> status: array<atomic<u32>, 4>; // [bad count, first bad position, -, -]
@group(0) @binding(4) var<uniform> params: Params;                  // shapes

override WG: u32;
override VPT: u32; // vec4s per invocation

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
    for (var k = 0u; k < VPT; k++) {
      let c = j + k * params.lanes;
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
  let src = local * params.quads;
  for (var k = 0u; k < VPT; k++) {
    let c = j + k * params.lanes;
    if (c < params.quads) {
      let halves = table[src + c];
      out[dst + c] = vec4f(unpack2x16float(halves.x), unpack2x16float(halves.y));
    }
  }
}
