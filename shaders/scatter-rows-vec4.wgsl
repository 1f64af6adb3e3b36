// scatterRows for rows whose length is a multiple of 4: scatter-rows.wgsl
// moving one vec4 per invocation (a quarter of the invocations).

struct Params {
  total: u32,     // K * D / 4
  dim: u32,       // D / 4
  rows: u32,      // V
  rowStart: u32,  // first row held by this buffer
  shardRows: u32, // rows held by this buffer
}

@group(0) @binding(0) var<storage, read> indices: array<i32>;     // [K] distinct rows, or sentinels
@group(0) @binding(1) var<storage, read> rows: array<vec4f>;      // [K, D / 4]
@group(0) @binding(2) var<storage, read_write> out: array<vec4f>; // this buffer's rows of [V, D / 4]
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
