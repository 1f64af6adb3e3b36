// gather, vectorised: the same lookup as gather.wgsl for tables whose row
// length is a multiple of 4, moving one vec4 per invocation (4x fewer
// invocations and index loads). An index outside [0, rows) yields zeros.

struct Params {
  total: u32, // output vec4s = indexCount * dim4
  dim4: u32,  // row length in vec4s (D / 4)
  rows: u32,  // table rows V
}

@group(0) @binding(0) var<storage, read> table: array<vec4f>;       // [rows, dim4]
@group(0) @binding(1) var<storage, read> indices: array<i32>;       // flat
@group(0) @binding(2) var<storage, read_write> out: array<vec4f>;   // [indexCount, dim4]
@group(0) @binding(3) var<uniform> params: Params;                  // shapes

override WG: u32 = 256;

@compute @workgroup_size(WG)
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u,
        @builtin(local_invocation_index) lid: u32) {
  let i = (wid.x + wid.y * nwg.x) * WG + lid;
  if (i >= params.total) { return; }
  let r = i / params.dim4;
  let c = i - r * params.dim4;
  let row = indices[r];
  if (row < 0 || u32(row) >= params.rows) {
    out[i] = vec4f(0.0);
    return;
  }
  out[i] = table[u32(row) * params.dim4 + c];
}
