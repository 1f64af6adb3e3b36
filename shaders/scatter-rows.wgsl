// scatterRows: writes row k of `rows` into row indices[k] of a dense [V, D]
// result the queue zeroed first (clearBuffer). The indices are distinct
// (segmentSumRows' output), so no two invocations write the same element;
// the sentinel V and anything outside [0, V) is skipped. A result split
// across buffers gets one dispatch per buffer, each writing the rows it holds.

struct Params {
  total: u32,     // K * D
  dim: u32,       // D
  rows: u32,      // V
  rowStart: u32,  // first row held by this buffer
  shardRows: u32, // rows held by this buffer
}

@group(0) @binding(0) var<storage, read> indices: array<i32>;     // [K] distinct rows, or sentinels
@group(0) @binding(1) var<storage, read> rows: array<f32>;        // [K, D]
@group(0) @binding(2) var<storage, read_write> out: array<f32>;   // this buffer's rows of [V, D]
@group(0) @binding(3) var<uniform> params: Params;                // sizes

override WG: u32 = 256;

@compute @workgroup_size(WG)
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u,
        @builtin(local_invocation_index) lid: u32) {
  let i = (wid.x + wid.y * nwg.x) * WG + lid;
  if (i >= params.total) { return; }
  let k = i / params.dim;
  let c = i - k * params.dim;
  let row = indices[k];
  if (row < 0 || u32(row) >= params.rows) { return; }
  let local = u32(row) - params.rowStart;
  if (local >= params.shardRows) { return; }
  out[local * params.dim + c] = rows[i];
}
