// sum-rows: the sum of each kind's per-row values (from loss-rows), added to
// a running total and stored as the batch's own total:
//   totals[epochSlot + k] += sum_r values[k, r];  totals[batchSlot + k] = sum_r values[k, r]
// One workgroup per kind. Each invocation sums a fixed stride of rows, then a
// tree in workgroup memory adds the partial sums: the same order every run,
// so totals are bit-identical run to run (no float atomics).

struct Params {
  rows: u32,      // R: values per kind
  epochSlot: u32, // where the running totals start in `totals`
  batchSlot: u32, // where this batch's totals go in `totals`
}

@group(0) @binding(0) var<storage, read> values: array<f32>;         // [kinds, R]
@group(0) @binding(1) var<storage, read_write> totals: array<f32>;   // running and batch totals
@group(0) @binding(2) var<uniform> params: Params;                   // shapes and slots

const WG: u32 = 256u;
var<workgroup> partial: array<f32, WG>;

@compute @workgroup_size(WG)
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(local_invocation_index) lid: u32) {
  let k = wid.x;
  var s = 0.0;
  for (var r = lid; r < params.rows; r += WG) { s += values[k * params.rows + r]; }
  partial[lid] = s;
  workgroupBarrier();
  for (var width = WG / 2u; width > 0u; width /= 2u) {
    if (lid < width) { partial[lid] += partial[lid + width]; }
    workgroupBarrier();
  }
  if (lid == 0u) {
    totals[params.epochSlot + k] += partial[0];
    totals[params.batchSlot + k] = partial[0];
  }
}
