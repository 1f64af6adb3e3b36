// EmbeddingBag 'sum' with per-sample weights: the gradient of each weight,
// dy[b] · table[indices[j]] for entry j of bag b (0 for padding or an index
// outside [0, rows)), one invocation per entry walking the row.

struct Params {
  entries: u32, // bags * bagSize
  dim: u32,     // D
  rows: u32,    // V
  bagSize: u32, // entries per bag
  padding: i32, // the padding row, or -1 for none
}

@group(0) @binding(0) var<storage, read> table: array<f32>;       // [rows, dim]
@group(0) @binding(1) var<storage, read> indices: array<i32>;     // [bags, bagSize]
@group(0) @binding(2) var<storage, read> dy: array<f32>;          // [bags, dim]
@group(0) @binding(3) var<storage, read_write> out: array<f32>;   // [bags, bagSize]
@group(0) @binding(4) var<uniform> params: Params;                // shapes

override WG: u32 = 256;

@compute @workgroup_size(WG)
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u,
        @builtin(local_invocation_index) lid: u32) {
  let j = (wid.x + wid.y * nwg.x) * WG + lid;
  if (j >= params.entries) { return; }
  let row = indices[j];
  if (row < 0 || u32(row) >= params.rows || row == params.padding) {
    out[j] = 0.0;
    return;
  }
  let b = j / params.bagSize;
  var sum = 0.0;
  for (var c = 0u; c < params.dim; c++) {
    sum = fma(dy[b * params.dim + c], table[u32(row) * params.dim + c], sum);
  }
  out[j] = sum;
}
