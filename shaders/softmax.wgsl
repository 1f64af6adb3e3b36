// Softmax over the last axis, one row per invocation: subtract the row's
// maximum (so exp never overflows), exponentiate, divide by the sum. Runs
// after the Dense product (mat-mul.wgsl with the identity activation),
// in place.

struct Params {
  rows: u32, // rows
  cols: u32, // row length
}

@group(0) @binding(0) var<storage, read_write> x: array<f32>; // [rows, cols], replaced by softmax(x)
@group(0) @binding(1) var<uniform> params: Params;            // shape

override WG: u32 = 64;

@compute @workgroup_size(WG)
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u,
        @builtin(local_invocation_index) lid: u32) {
  let r = (wid.x + wid.y * nwg.x) * WG + lid;
  if (r >= params.rows || params.cols == 0u) { return; }
  let base = r * params.cols;
  var peak = x[base];
  for (var c = 1u; c < params.cols; c++) { peak = max(peak, x[base + c]); }
  var sum = 0.0;
  for (var c = 0u; c < params.cols; c++) {
    let e = exp(x[base + c] - peak);
    x[base + c] = e;
    sum += e;
  }
  for (var c = 0u; c < params.cols; c++) { x[base + c] = x[base + c] / sum; }
}
