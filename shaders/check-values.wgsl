// check-values: counts the values of a GPU-resident training tensor that
// `fit` cannot use, and keeps the lowest such position, so that fit can
// refuse bad data before its first update (one read, not one per batch).
//   mode 0: float32 values must be finite;
//   mode 1: float32 class ids must be integers in [0, upper);
//   mode 2: int32 indices must be in [0, upper).

struct Params {
  count: u32, // elements
  mode: u32,  // see above
  upper: u32, // exclusive bound of modes 1 and 2
}

@group(0) @binding(0) var<storage, read> values: array<u32>;                  // the tensor's bits
@group(0) @binding(1) var<storage, read_write> status: array<atomic<u32>, 4>; // [bad count, first bad position, -, -]
@group(0) @binding(2) var<uniform> params: Params;                            // size and rule

override WG: u32 = 256;

fn bad(bits: u32) -> bool {
  if (params.mode == 2u) {
    return bitcast<i32>(bits) < 0 || bits >= params.upper;
  }
  // Exponent all ones: Infinity or NaN.
  if ((bits & 0x7f800000u) == 0x7f800000u) { return true; }
  if (params.mode == 0u) { return false; }
  let v = bitcast<f32>(bits);
  return v < 0.0 || v >= f32(params.upper) || floor(v) != v;
}

@compute @workgroup_size(WG)
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u,
        @builtin(local_invocation_index) lid: u32) {
  let i = (wid.x + wid.y * nwg.x) * WG + lid;
  if (i >= params.count) { return; }
  if (bad(values[i])) {
    atomicAdd(&status[0], 1u);
    atomicMin(&status[1], i);
  }
}
