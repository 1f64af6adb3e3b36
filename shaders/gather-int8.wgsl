// gather from an int8-quantised table: out[r, c] = q[row, c] * scale[row]
// with row = indices[r], dequantised to float32. Each row's int8 values are
// packed four per u32 (value c in byte c % 4 of word c / 4, rows padded to
// whole words); one float32 scale per row. One invocation per word: four
// output elements from one load. An index outside [0, rows) yields a zero row
// and is counted in `status` for the op's out-of-range report.

struct Params {
  total: u32, // invocations = indexCount * words
  dim: u32,   // row length D
  rows: u32,  // table rows V
  words: u32, // u32 words per row = ceil(dim / 4)
}

@group(0) @binding(0) var<storage, read> table: array<u32>;        // [rows, words] packed int8
@group(0) @binding(1) var<storage, read> scales: array<f32>;       // [rows]
@group(0) @binding(2) var<storage, read> indices: array<i32>;      // flat
@group(0) @binding(3) var<storage, read_write> out: array<f32>;    // [indexCount, dim]
@group(0) @binding(4) var<storage, read_write> status: array<atomic<u32>, 4>; // [bad count, first bad position, -, -]
@group(0) @binding(5) var<uniform> params: Params;                 // shapes

override WG: u32 = 256;

@compute @workgroup_size(WG)
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u,
        @builtin(local_invocation_index) lid: u32) {
  let i = (wid.x + wid.y * nwg.x) * WG + lid;
  if (i >= params.total) { return; }
  let r = i / params.words;
  let w = i - r * params.words;
  let row = indices[r];
  let valid = row >= 0 && u32(row) < params.rows;
  var word = 0u;
  var scale = 0.0;
  if (valid) {
    word = table[u32(row) * params.words + w];
    scale = scales[row];
  } else if (w == 0u) {
    atomicAdd(&status[0], 1u);
    atomicMin(&status[1], r);
  }
  let first = w * 4u;
  for (var c = first; c < min(first + 4u, params.dim); c++) {
    // extractBits on an i32 sign-extends the byte.
    let q = extractBits(bitcast<i32>(word), (c - first) * 8u, 8u);
    out[r * params.dim + c] = f32(q) * scale;
  }
}
