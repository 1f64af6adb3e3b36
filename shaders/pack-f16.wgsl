// Packs a float32 array into float16 halves, two per u32 (element e in word
// e / 2, the even element in the low half), the layout gather-f16.wgsl
// reads. One invocation per output word; an odd count pads the last half
// with 0. pack2x16float leaves values outside float16's finite range
// undefined, so those are encoded here: a magnitude that rounds past 65504
// (|x| >= 65520, infinities too) becomes a signed infinity and NaN stays NaN,
// as IEEE rounding (and the CPU reference) has it.

struct Params {
  words: u32, // output words = ceil(count / 2)
  count: u32, // input elements
}

@group(0) @binding(0) var<storage, read> values: array<f32>;      // [count]
@group(0) @binding(1) var<storage, read_write> packed: array<u32>; // [words]
@group(0) @binding(2) var<uniform> params: Params;                // sizes

override WG: u32 = 256;

const HALF_INFINITY: u32 = 0x7c00u;
const HALF_NAN: u32 = 0x7e00u;
const ROUNDS_TO_INFINITY: u32 = 0x477ff000u; // the bits of 65520.0, halfway between 65504 and 65536

fn half(x: f32) -> u32 {
  let bits = bitcast<u32>(x);
  let size = bits & 0x7fffffffu;
  if (size > 0x7f800000u) { return HALF_NAN; }
  if (size >= ROUNDS_TO_INFINITY) { return ((bits >> 16u) & 0x8000u) | HALF_INFINITY; }
  // Between 65504 and 65520 the nearest half is 65504: clamped, the value stays in pack2x16float's range.
  return pack2x16float(vec2f(clamp(x, -65504.0, 65504.0), 0.0)) & 0xffffu;
}

@compute @workgroup_size(WG)
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u,
        @builtin(local_invocation_index) lid: u32) {
  let w = (wid.x + wid.y * nwg.x) * WG + lid;
  if (w >= params.words) { return; }
  let e = 2u * w;
  var high = 0u;
  if (e + 1u < params.count) { high = half(values[e + 1u]); }
  packed[w] = half(values[e]) | (high << 16u);
}
