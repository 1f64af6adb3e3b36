// Quantises a float32 table [rows, dim] to int8 with one scale per row:
// scale = max |x| / 127 and q = round(x / scale) in [-127, 127] (an all-zero
// row gets scale 0 and q = 0), packed four per u32 (value c in byte c % 4 of
// word c / 4, rows padded to whole words), the layout gather-int8.wgsl reads.
// One invocation per row.

struct Params {
  rows: u32,  // table rows V
  dim: u32,   // row length D
  words: u32, // u32 words per row = ceil(dim / 4)
}

@group(0) @binding(0) var<storage, read> values: array<f32>;        // [rows, dim]
@group(0) @binding(1) var<storage, read_write> packed: array<u32>;  // [rows, words]
@group(0) @binding(2) var<storage, read_write> scales: array<f32>;  // [rows]
@group(0) @binding(3) var<uniform> params: Params;                  // shapes

override WG: u32 = 64;

@compute @workgroup_size(WG)
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u,
        @builtin(local_invocation_index) lid: u32) {
  let r = (wid.x + wid.y * nwg.x) * WG + lid;
  if (r >= params.rows) { return; }
  let base = r * params.dim;
  var peak = 0.0;
  for (var c = 0u; c < params.dim; c++) { peak = max(peak, abs(values[base + c])); }
  let scale = peak / 127.0;
  scales[r] = scale;
  for (var w = 0u; w < params.words; w++) {
    var word = 0u;
    for (var b = 0u; b < 4u; b++) {
      let c = 4u * w + b;
      var q = 0;
      if (c < params.dim && scale > 0.0) { q = i32(clamp(round(values[base + c] / scale), -127.0, 127.0)); }
      word = insertBits(word, bitcast<u32>(q), 8u * b, 8u);
    }
    packed[r * params.words + w] = word;
  }
}
