// Dot backward with normalize: the clamped L2 norm of each vector of one
// input, sqrt(max(sum of squares, EPSILON)) as dot.wgsl uses it, one
// invocation per vector (sample b, vector i). A norm held at the clamp is
// stored negated: its gradient differs, and the sign says so exactly
// (comparing the norm with sqrt(EPSILON) again would be at rounding's mercy).

struct Params {
  total: u32, // vectors = batch * rows
  rows: u32,  // vectors per sample
  depth: u32, // K
  batch: u32, // stride between samples
  row: u32,   // stride between vectors
  k: u32,     // stride along the vector
}

@group(0) @binding(0) var<storage, read> s: array<f32>;
@group(0) @binding(1) var<storage, read_write> norms: array<f32>; // [batch, rows]; negative: clamped
@group(0) @binding(2) var<uniform> params: Params;                // shapes and strides

override WG: u32 = 256;
override EPSILON: f32 = 1e-7;

@compute @workgroup_size(WG)
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u,
        @builtin(local_invocation_index) lid: u32) {
  let v = (wid.x + wid.y * nwg.x) * WG + lid;
  if (v >= params.total) { return; }
  let b = v / params.rows;
  let i = v - b * params.rows;
  let base = b * params.batch + i * params.row;
  var sum = 0.0;
  for (var k = 0u; k < params.depth; k++) {
    let value = s[base + k * params.k];
    sum = fma(value, value, sum);
  }
  norms[v] = select(sqrt(sum), -sqrt(EPSILON), sum <= EPSILON);
}
