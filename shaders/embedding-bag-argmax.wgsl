// EmbeddingBag 'max', kept for the backward: for each bag b and column c, the
// position j of the entry whose row holds the bag's maximum in column c (the
// first one on ties), or -1 for a bag with no entry left. Bags are the rows
// of [bags, bagSize] indices; entries equal to the padding row or outside
// [0, rows) are left out, as the forward leaves them out.

struct Params {
  total: u32,   // bags * dim
  dim: u32,     // D
  rows: u32,    // V
  bagSize: u32, // entries per bag
  padding: i32, // the padding row, or -1 for none
}

@group(0) @binding(0) var<storage, read> table: array<f32>;        // [rows, dim]
@group(0) @binding(1) var<storage, read> indices: array<i32>;      // [bags, bagSize]
@group(0) @binding(2) var<storage, read_write> argmax: array<i32>; // [bags, dim]
@group(0) @binding(3) var<uniform> params: Params;                 // shapes

override WG: u32 = 256;

@compute @workgroup_size(WG)
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u,
        @builtin(local_invocation_index) lid: u32) {
  let i = (wid.x + wid.y * nwg.x) * WG + lid;
  if (i >= params.total) { return; }
  let b = i / params.dim;
  let c = i - b * params.dim;
  var best = -1;
  var peak = 0.0;
  for (var e = 0u; e < params.bagSize; e++) {
    let j = b * params.bagSize + e;
    let row = indices[j];
    if (row < 0 || u32(row) >= params.rows || row == params.padding) { continue; }
    let value = table[u32(row) * params.dim + c];
    if (best < 0 || value > peak) {
      best = i32(j);
      peak = value;
    }
  }
  argmax[i] = best;
}
