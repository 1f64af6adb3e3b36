// Dense backward through softmax, one row per invocation:
// dz_i = y_i (dy_i - sum_j dy_j y_j), from the saved output y.

struct Params {
  rows: u32, // rows
  cols: u32, // row length
}

@group(0) @binding(0) var<storage, read> dy: array<f32>;        // [rows, cols] output gradient
@group(0) @binding(1) var<storage, read> y: array<f32>;         // [rows, cols] saved softmax output
@group(0) @binding(2) var<storage, read_write> dz: array<f32>;  // [rows, cols]
@group(0) @binding(3) var<uniform> params: Params;              // shape

override WG: u32 = 64;

@compute @workgroup_size(WG)
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u,
        @builtin(local_invocation_index) lid: u32) {
  let r = (wid.x + wid.y * nwg.x) * WG + lid;
  if (r >= params.rows) { return; }
  let base = r * params.cols;
  var inner = 0.0;
  for (var c = 0u; c < params.cols; c++) { inner += dy[base + c] * y[base + c]; }
  for (var c = 0u; c < params.cols; c++) { dz[base + c] = y[base + c] * (dy[base + c] - inner); }
}
