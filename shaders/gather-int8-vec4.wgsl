// gather from an int8-quantised table, vectorised, for rows of whole vec4s
// (D a multiple of 4): out[r, c] = q[row, c] * scale[row] with row = indices[r].
// The table holds each row's int8 values four per u32 (value c in byte c % 4
// of word c / 4, rows padded to whole words) and one float32 scale per row.
// Each invocation writes up to VPT vec4s of one output row, strided as in
// gather-f16-vec4.wgsl, with the same buffers, zero rows, reports and
// identity mode; a split table's scales are split at the same rows.

struct Params {
  total: u32,     // invocations = output rows * lanes
  quads: u32,     // vec4s per row: D / 4
  dim: u32,       // row length D
  rows: u32,      // table rows V (all buffers)
  rowStart: u32,  // first table row held by this dispatch's buffers
  shardRows: u32, // rows they holds
  reports: u32,   // 1: this dispatch writes zero rows for bad indices and counts them
  lanes: u32,     // invocations per output row: ceil(quads / VPT)
  identity: u32,  // 1: output row r is table row firstRow + r
  firstRow: u32,  // see identity
}

@group(0) @binding(0) var<storage, read> table: array<u32>;         // this buffer's rows: [shardRows, quads], four int8 each
@group(0) @binding(1) var<storage, read> scales: array<f32>;        // this buffer's rows' scales: [shardRows]
@group(0) @binding(2) var<storage, read> indices: array<i32>;       // flat (unused with identity)
@group(0) @binding(3) var<storage, read_write> out: array<vec4f>;   // [output rows, quads]
@group(0) @binding(4) var<storage, read_write> status: array<atomic<u32>, 4>; // [bad count, first bad position, -, -]
@group(0) @binding(5) var<uniform> params: Params;                  // shapes

override WG: u32;
override VPT: u32; // vec4s per invocation

// The four signed bytes of a word: each shifted to the top, then arithmetically back down (sign-extended).
fn bytes(word: u32) -> vec4f {
  return vec4f(bitcast<vec4i>(vec4u(word) << vec4u(24u, 16u, 8u, 0u)) >> vec4u(24u));
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
  let local = u32(row) - params.rowStart;
  if (local >= params.shardRows) { return; }
  let src = local * params.quads;
  let scale = scales[local];
  for (var k = 0u; k < VPT; k++) {
    let c = j + k * params.lanes;
    if (c < params.quads) { out[dst + c] = bytes(table[src + c]) * scale; }
  }
}
