// gather: out[r, c] = table[indices[r], c] for a float32 table [rows, dim],
// one invocation per output element, so any dim works. An index outside
// [0, rows) yields a zero row and the table is never read outside its bounds.

struct Params {
  total: u32, // output elements = indexCount * dim
  dim: u32,   // row length D
  rows: u32,  // table rows V
}

@group(0) @binding(0) var<storage, read> table: array<f32>;         // [rows, dim], row-major
@group(0) @binding(1) var<storage, read> indices: array<i32>;       // flat, any original shape
@group(0) @binding(2) var<storage, read_write> out: array<f32>;     // [indexCount, dim]
@group(0) @binding(3) var<uniform> params: Params;                  // shapes, so one pipeline serves all

override WG: u32 = 256;

@compute @workgroup_size(WG)
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u,
        @builtin(local_invocation_index) lid: u32) {
  // Large dispatches are folded into 2-D; rebuild the linear invocation index.
  let i = (wid.x + wid.y * nwg.x) * WG + lid;
  if (i >= params.total) { return; }
  let r = i / params.dim;
  let c = i - r * params.dim;
  let row = indices[r];
  if (row < 0 || u32(row) >= params.rows) {
    out[i] = 0.0;
    return;
  }
  out[i] = table[u32(row) * params.dim + c];
}
