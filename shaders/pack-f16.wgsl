// Packs float32 table rows into float16 halves in the layout
// gather-compact*.wgsl read: each row in units of eight halves (16 bytes),
// value c in half c % 2 of word c / 2, rows padded with zeros to whole
// units. One invocation per group of four values (two words). A table split
// across buffers (at other rows for the float32 values than for the packed
// ones) takes one dispatch per overlap of a values buffer and a packed
// buffer. pack2x16float leaves values outside float16's finite range
// undefined, so those are encoded here: a magnitude that rounds past 65504
// (|x| >= 65520, infinities too) becomes a signed infinity and NaN stays NaN,
// as IEEE rounding (and the CPU reference) has it.

struct Params {
  total: u32,   // invocations = rows * quads
  quads: u32,   // groups of four values per stored row, padding included: 2 * ceil(dim / 8)
  dim: u32,     // row length D
  fromRow: u32, // first row of this dispatch within the values' buffer
  toRow: u32,   // first row of this dispatch within the packed buffer
}

@group(0) @binding(0) var<storage, read> values: array<f32>;         // a buffer of float32 rows [*, dim]
@group(0) @binding(1) var<storage, read_write> packed: array<vec2u>; // a buffer of packed rows [*, quads], a vec2 per four values
@group(0) @binding(2) var<uniform> params: Params;                   // shapes

override WG: u32;

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
  let i = (wid.x + wid.y * nwg.x) * WG + lid;
  if (i >= params.total) { return; }
  let r = i / params.quads;
  let quad = i - r * params.quads;
  let first = quad * 4u;
  let src = (params.fromRow + r) * params.dim + first;
  var h = vec4u(0u);
  for (var t = 0u; t < 4u; t++) {
    if (first + t < params.dim) { h[t] = half(values[src + t]); }
  }
  packed[(params.toRow + r) * params.quads + quad] = vec2u(h.x | (h.y << 16u), h.z | (h.w << 16u));
}
