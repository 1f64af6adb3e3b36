// Quantises float32 table rows to int8 with one scale per row: scale =
// max |x| / 127 and q = round(x / scale) in [-127, 127] (an all-zero row gets
// scale 0 and q = 0), in the layout gather-compact*.wgsl read: each row in
// units of sixteen values (16 bytes), value c in byte c % 4 of word c / 4,
// rows padded with zeros to whole units. One invocation per row. A table
// split across buffers (at other rows for the float32 values than for the
// int8 ones, whose scales are split with them) takes one dispatch per
// overlap of a values buffer and an int8 buffer.

struct Params {
  rows: u32,    // rows in this dispatch
  dim: u32,     // row length D
  quads: u32,   // u32 words per stored row, padding included: 4 * ceil(dim / 16)
  fromRow: u32, // first row of this dispatch within the values' buffer
  toRow: u32,   // first row of this dispatch within the int8 and scales buffers
}

@group(0) @binding(0) var<storage, read> values: array<f32>;        // a buffer of float32 rows [*, dim]
@group(0) @binding(1) var<storage, read_write> packed: array<u32>;  // a buffer of int8 rows [*, quads]
@group(0) @binding(2) var<storage, read_write> scales: array<f32>;  // their scales [*]
@group(0) @binding(3) var<uniform> params: Params;                  // shapes

override WG: u32;

@compute @workgroup_size(WG)
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u,
        @builtin(local_invocation_index) lid: u32) {
  let r = (wid.x + wid.y * nwg.x) * WG + lid;
  if (r >= params.rows) { return; }
  let base = (params.fromRow + r) * params.dim;
  let to = params.toRow + r;
  var peak = 0.0;
  for (var c = 0u; c < params.dim; c++) { peak = max(peak, abs(values[base + c])); }
  let scale = peak / 127.0;
  scales[to] = scale;
  for (var w = 0u; w < params.quads; w++) {
    var word = 0u;
    for (var b = 0u; b < 4u; b++) {
      let c = 4u * w + b;
      var q = 0;
      if (c < params.dim && scale > 0.0) { q = i32(clamp(round(values[base + c] / scale), -127.0, 127.0)); }
      word = insertBits(word, bitcast<u32>(q), 8u * b, 8u);
    }
    packed[to * params.quads + w] = word;
  }
}
