// EmbeddingBag backward, the table's gradient as one row per index entry
// (a RowGradient: row j adds to table row indices[j]; segmentSumRows reduces
// them). Entry j of bag b = j / bagSize gets, in column c:
//   sum:  weight[j] * dy[b, c] (weight 1 without per-sample weights)
//   mean: dy[b, c] / (entries of bag b left after padding)
//   max:  dy[b, c] where the forward's argmax of (b, c) is j, else 0.
// A padding entry or an index outside [0, rows) gets the sentinel index
// `rows` and a zero row, so it adds nothing.

struct Params {
  total: u32,    // entries * lanes
  lanes: u32,    // max(D, 1): an empty row still gets its index written
  dim: u32,      // D
  rows: u32,     // V, also the sentinel
  bagSize: u32,  // entries per bag
  mode: u32,     // 0 sum, 1 mean, 2 max
  weighted: u32, // 1: per-sample weights are bound
  padding: i32,  // the padding row, or -1 for none
}

@group(0) @binding(0) var<storage, read> indices: array<i32>;        // [bags, bagSize]
@group(0) @binding(1) var<storage, read> dy: array<f32>;             // [bags, dim]
@group(0) @binding(2) var<storage, read> weights: array<f32>;        // [bags, bagSize] (unless weighted == 0)
@group(0) @binding(3) var<storage, read> argmax: array<i32>;         // [bags, dim] (max only)
@group(0) @binding(4) var<storage, read_write> outIndices: array<i32>; // [entries]
@group(0) @binding(5) var<storage, read_write> outRows: array<f32>;    // [entries, dim]
@group(0) @binding(6) var<uniform> params: Params;                   // shapes and mode

override WG: u32 = 256;

fn used(row: i32) -> bool {
  return row >= 0 && u32(row) < params.rows && row != params.padding;
}

@compute @workgroup_size(WG)
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u,
        @builtin(local_invocation_index) lid: u32) {
  let i = (wid.x + wid.y * nwg.x) * WG + lid;
  if (i >= params.total) { return; }
  let j = i / params.lanes;
  let c = i - j * params.lanes;
  let row = indices[j];
  let valid = used(row);
  if (c == 0u) { outIndices[j] = select(i32(params.rows), row, valid); }
  if (c >= params.dim) { return; }
  let b = j / params.bagSize;
  var value = 0.0;
  if (valid) {
    let g = dy[b * params.dim + c];
    switch params.mode {
      case 1u: {
        var count = 0u;
        for (var e = 0u; e < params.bagSize; e++) {
          if (used(indices[b * params.bagSize + e])) { count++; }
        }
        value = g / f32(count);
      }
      case 2u: { value = select(0.0, g, argmax[b * params.dim + c] == i32(j)); }
      default: {
        value = g;
        if (params.weighted == 1u) { value *= weights[j]; }
      }
    }
  }
  outRows[j * params.dim + c] = value;
}
