// Sums a matrix's columns over its rows (Dense's bias gradient: dz summed
// over the batch), one invocation per column walking the rows in order, so
// the sum is the same on every run.

struct Params {
  rows: u32, // rows summed
  cols: u32, // columns = outputs
}

@group(0) @binding(0) var<storage, read> x: array<f32>;           // [rows, cols]
@group(0) @binding(1) var<storage, read_write> out: array<f32>;   // [cols]
@group(0) @binding(2) var<uniform> params: Params;                // shape

override WG: u32 = 64;

@compute @workgroup_size(WG)
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u,
        @builtin(local_invocation_index) lid: u32) {
  let c = (wid.x + wid.y * nwg.x) * WG + lid;
  if (c >= params.cols) { return; }
  var sum = 0.0;
  for (var r = 0u; r < params.rows; r++) { sum += x[r * params.cols + c]; }
  out[c] = sum;
}
