// take-rows: out[i] = data[ids[i]] for rows of `size` 32-bit elements (any
// dtype: the bits are copied), the samples of one training batch gathered
// from data uploaded once. Ids come from the host's per-epoch permutation and
// are in range; one outside [0, rows) still reads nothing and writes zeros.

struct Params {
  total: u32, // output elements = count * size
  size: u32,  // elements per row (one sample)
  rows: u32,  // rows in `data`
}

@group(0) @binding(0) var<storage, read> data: array<u32>;            // [rows, size]
@group(0) @binding(1) var<storage, read> ids: array<i32>;             // [count] (or more; the rest unused)
@group(0) @binding(2) var<storage, read_write> out: array<u32>;       // [count, size]
@group(0) @binding(3) var<uniform> params: Params;                    // shapes

override WG: u32 = 256;

@compute @workgroup_size(WG)
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u,
        @builtin(local_invocation_index) lid: u32) {
  let i = (wid.x + wid.y * nwg.x) * WG + lid;
  if (i >= params.total) { return; }
  let r = i / params.size;
  let row = u32(ids[r]);
  out[i] = select(0u, data[row * params.size + (i - r * params.size)], row < params.rows);
}
