// Dropout (inverted): out[i] = x[i] * scale where the element is kept, 0
// where it is dropped; the backward is the same kernel applied to dy with
// the same key. Whether element i is kept is a counter-based hash of
// (seed, layer, step, i), so the mask is never stored and is the same bit for
// bit on the CPU (src/cpu/dropout.ts implements the same definition):
//   h = mix(mix(mix(mix(seed) ^ layer) ^ step) ^ i), kept when h >= threshold,
// with mix the "lowbias32" integer hash (Wellons) and threshold = rate * 2^32.
// The key changes every step, so it comes in a storage buffer written before
// each call, not in the (cached) uniform parameters.

struct Params {
  total: u32,     // elements
  threshold: u32, // floor(rate * 2^32): hashes below it are dropped
  scale: f32,     // 1 / (1 - rate), rounded to float32
}

struct Key {
  seed: u32,      // the layer's seed, or fit's
  layer: u32,     // FNV-1a hash of the layer's name
  step: u32,      // training step (batch counter since fit began)
}

@group(0) @binding(0) var<storage, read> x: array<f32>;          // [total] input (or output gradient)
@group(0) @binding(1) var<storage, read> key: Key;               // the mask's key for this call
@group(0) @binding(2) var<storage, read_write> out: array<f32>;  // [total]
@group(0) @binding(3) var<uniform> params: Params;               // size and rate

override WG: u32 = 256;

fn mix(value: u32) -> u32 {
  var h = value;
  h ^= h >> 16u;
  h *= 0x7feb352du;
  h ^= h >> 15u;
  h *= 0x846ca68bu;
  h ^= h >> 16u;
  return h;
}

@compute @workgroup_size(WG)
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u,
        @builtin(local_invocation_index) lid: u32) {
  let i = (wid.x + wid.y * nwg.x) * WG + lid;
  if (i >= params.total) { return; }
  let h = mix(mix(mix(mix(key.seed) ^ key.layer) ^ key.step) ^ i);
  out[i] = select(0.0, x[i] * params.scale, h >= params.threshold);
}
